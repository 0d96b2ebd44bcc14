// Locked appraisal records for the sync tests and the sync benchmark, made by the domain's own functions (figures,
// composite, hash), so what is pushed is what the console pushes.
import { generateKeyPairSync, sign } from 'node:crypto';
import type { AppraisalSyncRecord } from '@contract';
import { keyIdOf } from '../../src-main/services/signing';
import {
  composite,
  computeFigures,
  contentHash,
  DEFAULT_APPRAISAL_CONFIG,
  toSyncRecord,
  type AppraisalContent,
  type AppraisalInputs,
} from '@renderer/domain/appraisal';
import { compileCalendar, DEFAULT_CALENDAR } from '@renderer/domain/workingCalendar';
import { DEFAULT_SERVICE_STANDARDS } from '@renderer/domain/serviceStandards';

const calendar = compileCalendar(DEFAULT_CALENDAR);

/** A submitted evaluation as the appraisal reads it (no rubric answers: the figures need only the score). */
export function submittedEvaluation(id: string, score: number | null): AppraisalInputs['evaluations'][number] {
  return {
    id,
    score,
    outcome: score === null ? 'not-applicable' : score >= 80 ? 'pass' : 'fail',
    failedBy: null,
    answers: {},
    rubricVersionId: 'rv',
    occurredAt: '2026-10-10T02:00:00.000Z',
    status: 'submitted',
    calibrationSessionId: null,
    deletedAt: null,
  };
}

export function lockedContent(i: number, opts: { periodKey?: string; version?: number; supersedesHash?: string | null; selfScore?: number } = {}): AppraisalContent {
  const scores = Array.from({ length: 6 }, (_, k) => 60 + ((i * 7 + k * 5) % 41));
  const inputs: AppraisalInputs = {
    evaluations: scores.map((score, k) => submittedEvaluation(`e-${i}-${k}`, score)),
    rubrics: new Map(),
    tickets: [],
    actions: [],
    disputes: [],
    supervisor: { scores: { workResults: 80, attitude: 85, ability: 75 + (i % 20) }, note: '' },
    self: { scores: { workResults: opts.selfScore ?? 90, attitude: 90, ability: 90 }, note: '' },
  };
  const figures = computeFigures(inputs, { standards: DEFAULT_SERVICE_STANDARDS, calendar, minEvaluations: 5, nowMs: Date.parse('2026-11-02T00:00:00Z') });
  const version = opts.version ?? 1;
  return {
    employeeNo: `E${String(i).padStart(6, '0')}`,
    staffId: `staff-${i}`,
    staffName: `员工 ${i}`,
    teamId: `team-${i % 10}`,
    teamName: `Team ${i % 10}`,
    period: { kind: 'month', key: opts.periodKey ?? '2026-10', start: '2026-09-30T16:00:00.000Z', end: '2026-10-31T16:00:00.000Z' },
    version,
    supersedesHash: opts.supersedesHash ?? null,
    amendReason: version > 1 ? 'dispute adjusted after lock' : null,
    figures,
    config: DEFAULT_APPRAISAL_CONFIG,
    composite: composite(figures, DEFAULT_APPRAISAL_CONFIG),
    lockedAt: '2026-11-02T01:00:00.000Z',
    lockedBy: 'supervisor@example.com',
  };
}

// A console key for the tests (the app's lives in main, encrypted: services/signing.ts).
const pair = generateKeyPairSync('ed25519');
const publicKey = pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

/** Signs a content hash as a console does: Ed25519 over the hash's hex characters. */
export function testSignature(hash: string) {
  return { keyId: keyIdOf(publicKey), publicKey, value: sign(null, Buffer.from(hash, 'ascii'), pair.privateKey).toString('base64') };
}

export function syncRecord(i: number, opts: Parameters<typeof lockedContent>[1] = {}): AppraisalSyncRecord {
  const c = lockedContent(i, opts);
  const hash = contentHash(c);
  return toSyncRecord(c, hash, testSignature(hash));
}
