import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { RestartPolicy } from '../../src/restartPolicy';

test('restarts up to the limit within the window, then gives up', () => {
  const policy = new RestartPolicy(3, 1000);
  assert.deepEqual([0, 10, 20, 30].map((t) => policy.shouldRestart(t)), [true, true, true, false]);
});

test('crashes older than the window are forgotten', () => {
  const policy = new RestartPolicy(2, 1000);
  assert.equal(policy.shouldRestart(0), true);
  assert.equal(policy.shouldRestart(500), true);
  assert.equal(policy.shouldRestart(1600), true);
});
