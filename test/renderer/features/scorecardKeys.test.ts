// The scorecard's keyboard, decided apart from the component (features/review/scorecardKeys.ts) and tested here on
// the shipped call rubric: what each key does, where focus goes, and that a failing critical answer holds focus.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkRubric, scaleValues, type Criterion } from '@renderer/domain/rubric';
import { isTyping, scorecardKey } from '@renderer/features/review/scorecardKeys';

const checked = checkRubric(JSON.parse(readFileSync(join(__dirname, '../../../resources/rubrics/call-handling.en.json'), 'utf8')));
if (!checked.ok) throw new Error('the shipped rubric must be valid');
const criteria = checked.rubric.sections.flatMap((s) => s.criteria);
const byId = (id: string) => criteria.find((c) => c.id === id)!;
const key = (k: string, mods: { ctrlKey?: boolean; metaKey?: boolean } = {}) => ({ key: k, ctrlKey: false, metaKey: false, ...mods });
const at = (criterion: Criterion, focus: number, typing = false) => ({ typing, focus, count: criteria.length, criterion });

describe('scorecard keys', () => {
  it('a digit on the scale answers and moves on; off the scale it does nothing', () => {
    const greeting = byId('greeting');
    expect(scaleValues(greeting.scale)).toEqual([1, 2, 3, 4]);
    expect(scorecardKey(key('3'), at(greeting, 0))).toEqual({ kind: 'answer', value: 3, next: 1 });
    expect(scorecardKey(key('9'), at(greeting, 0))).toBeNull();
    expect(scorecardKey(key('0'), at(greeting, 0))).toBeNull();
  });

  it('a failing answer on a critical criterion keeps the focus there (its note is needed); a passing one moves on', () => {
    const policy = byId('policy');
    const i = criteria.indexOf(policy);
    expect(scorecardKey(key('0'), at(policy, i))).toEqual({ kind: 'answer', value: 0, next: null });
    expect(scorecardKey(key('1'), at(policy, i))).toEqual({ kind: 'answer', value: 1, next: i + 1 });
  });

  it('n is N/A only where the criterion allows it', () => {
    const promises = byId('promises');
    const i = criteria.indexOf(promises);
    expect(scorecardKey(key('n'), at(promises, i))).toEqual({ kind: 'answer', value: null, next: i + 1 });
    expect(scorecardKey(key('N'), at(promises, i))).toEqual({ kind: 'answer', value: null, next: i + 1 });
    expect(scorecardKey(key('n'), at(byId('greeting'), 0))).toBeNull();
  });

  it('moves between criteria within the card, and the last answer stays on the last criterion', () => {
    const last = criteria[criteria.length - 1]!;
    expect(scorecardKey(key('ArrowDown'), at(byId('greeting'), 0))).toEqual({ kind: 'focus', index: 1 });
    expect(scorecardKey(key('j'), at(last, criteria.length - 1))).toEqual({ kind: 'focus', index: criteria.length - 1 });
    expect(scorecardKey(key('k'), at(byId('greeting'), 0))).toEqual({ kind: 'focus', index: 0 });
    expect(scorecardKey(key('ArrowUp'), at(byId('listening'), 1))).toEqual({ kind: 'focus', index: 0 });
    expect(scorecardKey(key('1'), at(last, criteria.length - 1))).toEqual({ kind: 'answer', value: 1, next: criteria.length - 1 });
  });

  it('while typing a note only Ctrl/⌘+Enter counts (it submits); radio buttons and checkboxes are not typing', () => {
    const greeting = byId('greeting');
    expect(scorecardKey(key('3'), at(greeting, 0, true))).toBeNull();
    expect(scorecardKey(key('j'), at(greeting, 0, true))).toBeNull();
    expect(scorecardKey(key('Enter', { ctrlKey: true }), at(greeting, 0, true))).toEqual({ kind: 'submit' });
    expect(scorecardKey(key('Enter', { metaKey: true }), at(greeting, 0))).toEqual({ kind: 'submit' });
    expect(scorecardKey(key('Enter'), at(greeting, 0))).toBeNull();
    expect(scorecardKey(key('?'), at(greeting, 0))).toEqual({ kind: 'help' });
    expect(isTyping({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTyping({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTyping({ tagName: 'INPUT', type: 'radio' })).toBe(false);
    expect(isTyping({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTyping({ tagName: 'DIV' })).toBe(false);
    expect(isTyping(null)).toBe(false);
  });
});
