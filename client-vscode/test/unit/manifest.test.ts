import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { Commands } from '../../src/commands';
import { ServerCommand } from '../../src/protocol';
import { quantFormatValueInsertion } from '../../src/settingsJsonCompletion';

interface Property { default?: unknown; description?: string; markdownDescription?: string; scope?: string; enum?: string[] }
interface Manifest {
  main: string;
  engines: { vscode: string };
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  contributes: { commands: { command: string }[]; configuration: { properties: Record<string, Property> } };
}

// Compiled into out/test/unit, so the repository root is three folders up.
const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as Manifest;

test('contributes every client command and none of the server-owned ids', () => {
  const contributed = manifest.contributes.commands.map((c) => c.command);
  assert.deepEqual(contributed.sort(), Object.values(Commands).sort());
  for (const serverId of Object.values(ServerCommand)) {
    assert.ok(!contributed.includes(serverId), `${serverId} is registered by the language client`);
  }
});

test('contributes the documented settings, each with a description and a default', () => {
  const properties = manifest.contributes.configuration.properties;
  assert.deepEqual(Object.keys(properties).sort(), [
    'codeassist.abTest',
    'codeassist.backend',
    'codeassist.checkpointMemoryMB',
    'codeassist.completionTimeoutMs',
    'codeassist.contextSize',
    'codeassist.fimOrder',
    'codeassist.fimTemplate',
    'codeassist.gpuLayers',
    'codeassist.maxTokens',
    'codeassist.models',
    'codeassist.nativeLibraryPath',
    'codeassist.prefixTokens',
    'codeassist.quantFormat',
    'codeassist.server.path',
    'codeassist.serverApiKey',
    'codeassist.serverUrl',
    'codeassist.suffixTokens',
    'codeassist.telemetry.enabled',
    'codeassist.telemetry.includeCode',
    'codeassist.telemetry.rejectAfterSeconds',
    'codeassist.threads',
    'codeassist.trace.server',
    'codeassist.verify',
    'codeassist.verifyBudgetMs',
  ]);
  for (const [key, property] of Object.entries(properties)) {
    assert.ok(property.description ?? property.markdownDescription, `${key} has a description`);
    assert.notEqual(property.default, undefined, `${key} has a default`);
  }
  assert.deepEqual(properties['codeassist.verify'].enum, ['filter', 'annotate', 'off']);
  assert.deepEqual(properties['codeassist.backend'].enum, ['cpu', 'cuda12', 'auto', 'llama-server']);
});

test('main points at the esbuild bundle', () => {
  assert.equal(manifest.main, './dist/extension.js');
  assert.equal(manifest.engines.vscode, '^1.91.0');
});

test('settings.json completes quantFormat values with the configured labels', () => {
  assert.equal(quantFormatValueInsertion('  "codeassist.quantFormat": ', 'Q8_0'), '"Q8_0"');
  assert.equal(quantFormatValueInsertion('  "codeassist.quantFormat": "Q', 'Q8_0'), 'Q8_0');
  assert.equal(quantFormatValueInsertion('  "codeassist.quantFormat": "Q8_0",', 'Q8_0'), undefined);
  assert.equal(quantFormatValueInsertion('  "codeassist.verify": "', 'Q8_0'), undefined);
});

test('restricts the executable, model paths and llama-server in untrusted workspaces and keeps them out of folder settings', () => {
  const trust = manifest.capabilities.untrustedWorkspaces;
  assert.equal(trust.supported, 'limited');
  assert.deepEqual([...trust.restrictedConfigurations].sort(),
    ['codeassist.models', 'codeassist.nativeLibraryPath', 'codeassist.server.path', 'codeassist.serverApiKey', 'codeassist.serverUrl']);
  const properties = manifest.contributes.configuration.properties;
  assert.equal(properties['codeassist.server.path'].scope, 'machine');
  assert.equal(properties['codeassist.nativeLibraryPath'].scope, 'machine');
  // models keeps the default scope: machine scopes are not read from user settings in remote windows (code-server),
  // and restrictedConfigurations already keeps an untrusted folder's value out.
  assert.equal(properties['codeassist.models'].scope, undefined);
  // An untrusted folder cannot send the code, or the user's key, to a server of its choosing.
  assert.equal(properties['codeassist.serverUrl'].scope, undefined);
});
