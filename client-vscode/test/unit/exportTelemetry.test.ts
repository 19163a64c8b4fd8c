import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportFilters, exportFormatOf, exportTelemetry, type ExportUi } from '../../src/exportTelemetry';
import type { ServerCommands } from '../../src/protocol';

class FakeServer implements ServerCommands {
  readonly calls: { command: string; args: unknown[] }[] = [];
  constructor(private readonly reply: (args: unknown[]) => unknown) {}
  execute<T>(command: string, args: unknown[]): Promise<T> {
    this.calls.push({ command, args });
    return Promise.resolve(this.reply(args) as T);
  }
}

class FakeUi implements ExportUi {
  readonly infos: string[] = [];
  readonly errors: string[] = [];
  offeredFilters: Record<string, string[]> | undefined;
  constructor(private readonly target: string | undefined) {}
  pickTarget(filters: Record<string, string[]>) {
    this.offeredFilters = filters;
    return Promise.resolve(this.target);
  }
  info(message: string) {
    this.infos.push(message);
  }
  error(message: string) {
    this.errors.push(message);
  }
}

test('the save dialog offers csv, jsonl and parquet', async () => {
  const ui = new FakeUi(undefined);
  await exportTelemetry(new FakeServer(() => undefined), ui);
  assert.deepEqual(ui.offeredFilters, exportFilters);
  assert.deepEqual(Object.values(exportFilters).flat(), ['csv', 'jsonl', 'parquet']);
});

test('the format follows the chosen file extension', () => {
  assert.equal(exportFormatOf('/t/a.CSV'), 'csv');
  assert.equal(exportFormatOf('/t/a.jsonl'), 'jsonl');
  assert.equal(exportFormatOf('/t/a.parquet'), 'parquet');
  assert.equal(exportFormatOf('/t/a.txt'), null);
});

for (const format of ['csv', 'jsonl', 'parquet'] as const) {
  test(`exports ${format} through codeassist.exportTelemetry and confirms the row count`, async () => {
    const target = `/tmp/out/telemetry.${format}`;
    const server = new FakeServer(() => ({ path: target, rows: 7 }));
    const ui = new FakeUi(target);
    const result = await exportTelemetry(server, ui);
    assert.deepEqual(server.calls, [{ command: 'codeassist.exportTelemetry', args: [{ path: target, format }] }]);
    assert.deepEqual(result, { path: target, rows: 7 });
    assert.deepEqual(ui.infos, [`Exported 7 telemetry rows to ${target}.`]);
    assert.deepEqual(ui.errors, []);
  });
}

test('cancelling the dialog sends nothing', async () => {
  const server = new FakeServer(() => undefined);
  assert.equal(await exportTelemetry(server, new FakeUi(undefined)), undefined);
  assert.equal(server.calls.length, 0);
});

test('an unknown extension is refused without asking the server', async () => {
  const server = new FakeServer(() => undefined);
  const ui = new FakeUi('/tmp/telemetry.txt');
  await exportTelemetry(server, ui);
  assert.equal(server.calls.length, 0);
  assert.match(ui.errors[0] ?? '', /use a \.csv, \.jsonl or \.parquet file name/);
});

test('a server failure is shown as an error', async () => {
  const server = new FakeServer(() => {
    throw new Error('database is locked');
  });
  const ui = new FakeUi('/tmp/telemetry.csv');
  assert.equal(await exportTelemetry(server, ui), undefined);
  assert.deepEqual(ui.errors, ['Telemetry export failed: database is locked']);
});
