import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { formatLabels, readClientSettings, sanitizeModels, serverLaunch, settingsProblem } from '../../src/settings';

function reader(values: Record<string, unknown>) {
  return <T>(key: string, fallback: T): T => (key in values ? (values[key] as T) : fallback);
}

test('reads the settings the client acts on, with defaults for missing ones', () => {
  const settings = readClientSettings(reader({ quantFormat: 'Q8_0', models: { Q8_0: '/m/q8.gguf' } }));
  assert.deepEqual(settings, { quantFormat: 'Q8_0', models: { Q8_0: '/m/q8.gguf' }, abTest: false, serverPath: '' });
});

test('drops model entries that are not label -> path strings', () => {
  assert.deepEqual(sanitizeModels({ good: '/a.gguf', empty: ' ', number: 3, nested: {} }), { good: '/a.gguf' });
  assert.deepEqual(sanitizeModels(['/a.gguf']), {});
  assert.deepEqual(sanitizeModels(null), {});
});

test('format labels are the keys of codeassist.models in order', () => {
  const settings = readClientSettings(reader({ models: { Q4_K_M: '/q4.gguf', Q8_0: '/q8.gguf' } }));
  assert.deepEqual(formatLabels(settings), ['Q4_K_M', 'Q8_0']);
});

test('server.path wins over the bundled server', () => {
  const settings = readClientSettings(reader({ 'server.path': '/opt/codeassist/codeassist' }));
  assert.deepEqual(serverLaunch(settings, '/ext'), { command: '/opt/codeassist/codeassist', args: ['serve', '--stdio'] });
});

test('without server.path the server published into the extension is used', () => {
  const settings = readClientSettings(reader({ 'server.path': '  ' }));
  assert.equal(serverLaunch(settings, '/ext').command, path.join('/ext', 'dist', 'server', 'codeassist'));
});

test('reports missing models and unknown formats, accepts valid settings', () => {
  assert.match(settingsProblem(readClientSettings(reader({}))) ?? '', /No models configured/);
  const unknown = readClientSettings(reader({ quantFormat: 'Q2_K', models: { Q8_0: '/q8.gguf' } }));
  assert.match(settingsProblem(unknown) ?? '', /"Q2_K" is not one of the configured models \(Q8_0\)/);
  const valid = readClientSettings(reader({ quantFormat: 'Q8_0', models: { Q8_0: '/q8.gguf' } }));
  assert.equal(settingsProblem(valid), null);
});

test('blind A/B mode ignores the active format label', () => {
  const blind = readClientSettings(reader({ quantFormat: 'gone', abTest: true, models: { Q8_0: '/q8.gguf' } }));
  assert.equal(settingsProblem(blind), null);
});
