import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { withInstruction } from '../../src/refactorInstruction';

const data = { id: 'r1', uri: 'file:///a.cs' };

test('a free-form refactoring without an instruction asks for one and appends it', async () => {
  let asked = 0;
  const args = await withInstruction('codeassist.refactor', [data], () => {
    asked++;
    return Promise.resolve('  use LINQ ');
  });
  assert.equal(asked, 1);
  assert.deepEqual(args, [data, 'use LINQ']);
});

test('cancelling the input box sends nothing', async () => {
  assert.equal(await withInstruction('codeassist.refactor', [data], () => Promise.resolve(undefined)), undefined);
  assert.equal(await withInstruction('codeassist.refactor', [data], () => Promise.resolve('   ')), undefined);
});

test('an instruction already given and other commands pass through untouched', async () => {
  const never = (): Promise<string> => assert.fail('must not ask');
  assert.deepEqual(await withInstruction('codeassist.refactor', [data, 'inline it'], never), [data, 'inline it']);
  assert.deepEqual(await withInstruction('codeassist.accept', [{ suggestionId: 'x' }], never), [{ suggestionId: 'x' }]);
});
