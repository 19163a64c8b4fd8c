import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorView, statusBarView } from '../../src/statusBar';

test('ready shows format, latency and tokens per second', () => {
  const view = statusBarView({ state: 'ready', format: 'Q8_0', lastLatencyMs: 123.6, tokensPerSecond: 41.25 });
  assert.equal(view.text, '$(sparkle) Q8_0 · 124 ms · 41.3 tok/s');
  assert.equal(view.isError, false);
});

test('ready before any completion shows only the format', () => {
  assert.equal(statusBarView({ state: 'ready', format: 'Q4_K_M' }).text, '$(sparkle) Q4_K_M');
});

test('blind A/B mode hides the format', () => {
  const view = statusBarView({ state: 'ready', format: null, lastLatencyMs: 80 });
  assert.equal(view.text, '$(sparkle) A/B (blind) · 80 ms');
  assert.doesNotMatch(view.tooltip, /Q\d/);
});

test('loading shows progress percent', () => {
  assert.equal(statusBarView({ state: 'loading', format: 'Q8_0', progress: 0.42 }).text, '$(sync~spin) Q8_0 loading 42%');
  assert.equal(statusBarView({ state: 'loading', format: 'Q8_0' }).text, '$(sync~spin) Q8_0 loading');
});

test('errors are flagged and carry the message', () => {
  const view = statusBarView({ state: 'error', format: 'Q8_0', message: 'model file missing' });
  assert.equal(view.text, '$(error) CodeAssist: model file missing');
  assert.equal(view.isError, true);
  assert.deepEqual(errorView('server crashed'), {
    text: '$(error) CodeAssist: server crashed',
    tooltip: 'CodeAssist error: server crashed. Click to switch the quant format.',
    isError: true,
  });
});

test('off says so', () => {
  assert.equal(statusBarView({ state: 'off', format: null }).text, '$(circle-slash) CodeAssist off');
});

test('null metrics read as absent', () => {
  const view = statusBarView({ state: 'ready', format: 'Q8_0', message: null, lastLatencyMs: null, tokensPerSecond: null, progress: null });
  assert.equal(view.text, '$(sparkle) Q8_0');
  assert.equal(statusBarView({ state: 'loading', format: 'Q8_0', progress: null }).text, '$(sync~spin) Q8_0 loading');
});
