// A conflict field by field, and an evaluation changed on two consoles at once merged with nothing lost.
import { describe, expect, it } from 'vitest';
import { chosenRecord, conflictFields, mergeEvaluation } from '@renderer/domain/merge';
import type { Evaluation } from '@renderer/domain/model';

const base = { id: 't1', rev: 2, updatedAt: 'a', subject: 'Refund', priority: 'normal', tags: ['x'], note: 'n' };

describe('conflict fields', () => {
  it('lists only fields that differ, proposes the side that changed each, the server where both did', () => {
    const mine = { ...base, rev: 3, updatedAt: 'b', subject: 'Refund, second look', note: 'mine' };
    const server = { ...base, rev: 3, updatedAt: 'c', priority: 'high', note: 'theirs' };
    expect(conflictFields(base, mine, server).map((f) => [f.field, f.mineChanged, f.serverChanged, f.proposed])).toEqual([
      ['note', true, true, 'server'],
      ['priority', false, true, 'server'],
      ['subject', true, false, 'mine'],
    ]);
    // Without a base (a create that met another create) every difference counts as changed on both sides.
    expect(conflictFields(null, mine, server).every((f) => f.mineChanged && f.serverChanged)).toBe(true);
  });

  it('the chosen record is the server’s with the fields taken from mine (a field only mine lacks is dropped)', () => {
    const mine = { id: 't1', rev: 3, subject: 'Mine' } as Record<string, unknown>;
    const server = { id: 't1', rev: 4, subject: 'Theirs', extra: 1 };
    expect(chosenRecord(mine, server, ['subject'])).toEqual({ id: 't1', rev: 4, subject: 'Mine', extra: 1 });
    expect(chosenRecord(mine, server, ['extra'])).toEqual({ id: 't1', rev: 4, subject: 'Theirs' });
  });
});

const ev = (x: Partial<Evaluation>): Evaluation =>
  ({ id: 'e1', rev: 2, answers: { c1: { value: 0 } }, score: 50, outcome: 'fail', failedBy: null, revision: 1, revisions: [], acknowledgedAt: null, feedback: 'f', ...x }) as Evaluation;

describe('merging an evaluation', () => {
  it('a revision here on top of a revision there: both kept in the history, mine is the next', () => {
    const b = ev({});
    const mine = ev({ rev: 3, answers: { c1: { value: 1 } }, score: 100, outcome: 'pass', revision: 2, revisions: [{ revision: 1, at: 't2', byId: 'A', reason: 'mine', answers: b.answers, score: 50, outcome: 'fail' }] });
    const server = ev({ rev: 3, answers: { c1: { value: 2 } }, score: 75, outcome: 'pass', revision: 2, revisions: [{ revision: 1, at: 't1', byId: 'B', reason: 'theirs', answers: b.answers, score: 50, outcome: 'fail' }] });
    const m = mergeEvaluation(b, mine, server);
    expect(m).toMatchObject({ revision: 3, score: 100, answers: { c1: { value: 1 } } });
    expect(m.revisions.map((r) => [r.revision, r.reason, r.score])).toEqual([
      [1, 'theirs', 50],
      [2, 'mine', 75],
    ]);
  });

  it('an acknowledgement here and a revision there: the revision stands and the acknowledgement is kept', () => {
    const b = ev({});
    const mine = ev({ rev: 3, acknowledgedAt: '2026-11-02T10:00:00Z' });
    const server = ev({ rev: 3, score: 100, revision: 2, revisions: [{ revision: 1, at: 't1', byId: 'B', reason: 'r', answers: b.answers, score: 50, outcome: 'fail' }] });
    expect(mergeEvaluation(b, mine, server)).toMatchObject({ score: 100, revision: 2, acknowledgedAt: '2026-11-02T10:00:00Z' });
    // Both acknowledged: the first acknowledgement stands.
    expect(mergeEvaluation(b, mine, { ...server, acknowledgedAt: '2026-11-02T09:00:00Z' }).acknowledgedAt).toBe('2026-11-02T09:00:00Z');
  });
});
