import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { suggestionIdOf, VisibleSuggestion } from '../../src/visibleSuggestion';

const accept = (suggestionId: string) => ({ command: { command: 'codeassist.accept', title: '', arguments: [{ suggestionId }] } });

test('reads the suggestion id from the accept command only', () => {
  assert.equal(suggestionIdOf(accept('s1').command), 's1');
  assert.equal(suggestionIdOf({ command: 'other.command', arguments: [{ suggestionId: 's1' }] }), undefined);
  assert.equal(suggestionIdOf({ command: 'codeassist.accept', arguments: [] }), undefined);
  assert.equal(suggestionIdOf(undefined), undefined);
});

test('the visible suggestion is the first item of the latest result, taken once', () => {
  const visible = new VisibleSuggestion();
  visible.remember([accept('s1'), accept('s2')]);
  visible.remember([accept('s3')]);
  assert.equal(visible.take(), 's3');
  assert.equal(visible.take(), undefined);
});

test('an empty result clears the visible suggestion', () => {
  const visible = new VisibleSuggestion();
  visible.remember([accept('s1')]);
  visible.remember([]);
  assert.equal(visible.take(), undefined);
});
