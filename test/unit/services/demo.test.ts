import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoWorkspace } from '@renderer/domain/demoWorkspace';
import { DEMO_TICKET_EVALUATIONS_PER_AGENT, generateDemoQualityHistory, type DemoRubric } from '@renderer/domain/demoEvaluations';
import { RUBRIC_TEMPLATES } from '@renderer/domain/rubricTemplates';
import { checkRubric } from '@renderer/domain/rubric';
import { scoreEvaluation } from '@renderer/domain/scoring';
import { checkSubmission } from '@renderer/domain/evaluationRules';
import { countedEvaluations, weekOf } from '@renderer/domain/evaluationStats';
import { periodFromKey } from '@renderer/domain/appraisal';
import { periodScore } from '@renderer/domain/periodScore';
import { DEFAULT_SETTINGS } from '@renderer/domain/settings';
import { muLawDecode, muLawEncode, renderDemoCall } from '../../../src-main/services/demoAudio';
import { writeDemoExport } from '../../../src-main/cli/demo';

const NOW = Date.parse('2026-11-23T04:00:00Z');

describe('demo workspace generator', () => {
  const ws = generateDemoWorkspace({ now: NOW });

  it('has the promised shape: 3 teams, 24 staff, 3 leads, 2 supervisors, 20,000 tickets over 90 days, 60 calls', () => {
    expect(ws.teams).toHaveLength(3);
    const roles = ws.people.reduce<Record<string, number>>((m, p) => ((m[p.role] = (m[p.role] ?? 0) + 1), m), {});
    expect(roles).toEqual({ lead: 3, staff: 24, supervisor: 2 });
    expect(ws.tickets).toHaveLength(20_000);
    const opened = ws.tickets.map((t) => Date.parse(t.openedAt));
    expect((NOW - Math.min(...opened)) / 86_400_000).toBeGreaterThan(89);
    expect(Math.max(...opened)).toBeLessThanOrEqual(NOW);
    expect(ws.recordings).toHaveLength(60);
    for (const r of ws.recordings) {
      expect(r.durationSec).toBeGreaterThanOrEqual(60);
      expect(r.durationSec).toBeLessThanOrEqual(720);
    }
    expect(new Set(ws.people.map((p) => p.email)).size).toBe(ws.people.length);
  });

  it('is deterministic: the same seed gives the same workspace', () => {
    const again = generateDemoWorkspace({ now: NOW });
    expect(again.tickets.slice(0, 50)).toEqual(ws.tickets.slice(0, 50));
    expect(again.recordings.map((r) => r.id)).toEqual(ws.recordings.map((r) => r.id));
    expect(generateDemoWorkspace({ now: NOW, seed: 7 }).tickets[0]).not.toEqual(ws.tickets[0]);
  });

  it('has some tickets breaching the one-hour first-response standard, unrated and rated tickets, and threads', () => {
    const late = ws.tickets.filter((t) => t.firstResponseAt && Date.parse(t.firstResponseAt) - Date.parse(t.openedAt) > 3_600_000);
    expect(late.length).toBeGreaterThan(100);
    expect(late.length).toBeLessThan(ws.tickets.length * 0.2);
    expect(ws.tickets.some((t) => t.csat === null) && ws.tickets.some((t) => t.csat === 1) && ws.tickets.some((t) => t.csat === 5)).toBe(true);
    expect(ws.messages.length).toBeGreaterThan(ws.tickets.length * 2);
  });

  it('transcripts follow the call turns, alternating speakers', () => {
    const r = ws.recordings[0]!;
    const tr = ws.transcripts.find((t) => t.recordingId === r.id)!;
    expect(tr.segments.map((s) => [s.speaker, s.start, s.end])).toEqual(r.turns.map((t) => [t.speaker, t.start, t.end]));
    expect(tr.segments[0]!.speaker).toBe('agent');
    expect(tr.segments[1]!.speaker).toBe('customer');
  });
});

describe('demo quality history', () => {
  const ws = generateDemoWorkspace({ now: NOW });
  const rubric = (id: string): DemoRubric => {
    const r = checkRubric(RUBRIC_TEMPLATES.find((t) => t.id === id && t.lang === 'zh-CN')!.definition);
    if (!r.ok) throw new Error('template invalid');
    return { rubricId: `${id}-r`, versionId: `${id}-v1`, definition: r.rubric };
  };
  const ticketRubric = rubric('ticket-handling');
  const callRubric = rubric('call-handling');
  const history = generateDemoQualityHistory({ ws, now: NOW, ticketRubric, callRubric });
  const evaluations = history.evaluations.map((e) => e.record);

  it('gives most staff enough evaluations in each month of the period that their appraisal includes the QA component (issue 16, item 10)', () => {
    const staff = ws.people.filter((p) => p.role === 'staff');
    for (const key of ['2026-09', '2026-10', '2026-11']) {
      const period = periodFromKey(key, 'Asia/Shanghai')!;
      const included = staff.filter((p) => {
        const mine = countedEvaluations(evaluations.filter((e) => e.agentId === p.id && Date.parse(e.occurredAt) >= period.start && Date.parse(e.occurredAt) < period.end).map((e) => ({ ...e, deletedAt: null })));
        return periodScore(mine.map((e) => e.score), DEFAULT_SETTINGS.minEvaluations).enough;
      });
      expect(included.length / staff.length, `${key}: ${included.length} of ${staff.length}`).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('scores two dozen tickets per staff member across the period and every other call, each by a supervisor', () => {
    const staff = ws.people.filter((p) => p.role === 'staff');
    const supervisors = new Set(ws.people.filter((p) => p.role === 'supervisor').map((p) => p.id));
    for (const p of staff) {
      const mine = evaluations.filter((e) => e.agentId === p.id && e.itemKind === 'ticket');
      expect(mine.length).toBe(DEMO_TICKET_EVALUATIONS_PER_AGENT);
      // Spread over the 90 days: at least 8 different weeks, so the trend has points.
      expect(new Set(mine.map((e) => weekOf(e.occurredAt))).size).toBeGreaterThanOrEqual(8);
      for (const e of mine) expect(ws.tickets.find((t) => t.id === e.itemId)!.agentId).toBe(p.id);
    }
    const calls = evaluations.filter((e) => e.itemKind === 'call');
    expect(calls).toHaveLength(30);
    expect(new Set(calls.map((e) => e.itemId)).size).toBe(30);
    for (const e of evaluations) {
      expect(supervisors.has(e.reviewerId)).toBe(true);
      expect(Date.parse(e.submittedAt!)).toBeLessThan(NOW);
      expect(Date.parse(e.submittedAt!)).toBeGreaterThan(Date.parse(e.occurredAt));
    }
  });

  it('every stored number is what the score engine gives for the stored answers, and every evaluation could be submitted', () => {
    for (const e of evaluations) {
      const def = (e.itemKind === 'call' ? callRubric : ticketRubric).definition;
      const r = scoreEvaluation(def, e.answers, e.itemKind);
      expect([e.score, e.outcome, e.failedBy]).toEqual([r.score, r.outcome, r.failedBy]);
      expect(checkSubmission(def, e.itemKind, e.answers, e.comments)).toEqual([]);
    }
    const outcomes = new Set(evaluations.map((e) => e.outcome));
    expect(outcomes.has('pass') && outcomes.has('fail')).toBe(true);
    expect(evaluations.some((e) => e.failedBy)).toBe(true);
  });

  it('has decided and open disputes; an adjusted one is a revision whose history keeps the earlier score', () => {
    const statuses = history.disputes.map((d) => d.record.status);
    expect(statuses).toContain('upheld');
    expect(statuses).toContain('adjusted');
    for (const d of history.disputes) {
      const e = evaluations.find((x) => x.id === d.record.evaluationId)!;
      expect(e.acknowledgedAt).toBeNull();
      expect(d.record.agentId).toBe(e.agentId);
      if (d.record.status === 'adjusted') {
        expect(e.revision).toBe(2);
        expect(e.revisions[0]!.reason).toBe(`dispute: ${d.record.reply}`);
        expect(e.answers[d.record.items[0]!.criterionId]!.value).toBe(d.record.items[0]!.proposedValue);
        expect(e.revisions[0]!.score).not.toBeNull();
      } else expect(e.revision).toBe(1);
      if (d.record.status === 'open') expect(d.record.resolvedAt).toBeNull();
    }
  });

  it('is deterministic', () => {
    const again = generateDemoQualityHistory({ ws, now: NOW, ticketRubric, callRubric });
    expect(again).toEqual(history);
  });
});

describe('demo call audio', () => {
  it('mu-law round-trips within the codec step', () => {
    for (const s of [0, 100, -100, 1000, -5000, 32000, -32000]) {
      const back = muLawDecode(muLawEncode(s));
      expect(Math.abs(back - s)).toBeLessThanOrEqual(Math.max(8, Math.abs(s) * 0.04));
    }
  });

  it('writes a G.711 mu-law WAV at 8 kHz mono, with speech during turns and quiet between them', () => {
    const turns = [
      { speaker: 'agent' as const, start: 0.5, end: 3 },
      { speaker: 'customer' as const, start: 5, end: 8 },
    ];
    const { wav, peaks } = renderDemoCall(turns, 10, 1);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.toString('ascii', 8, 12)).toBe('WAVE');
    expect(wav.readUInt16LE(20)).toBe(7);
    expect(wav.readUInt16LE(22)).toBe(1);
    expect(wav.readUInt32LE(24)).toBe(8000);
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.toString('ascii', 50, 54)).toBe('data');
    expect(wav.readUInt32LE(54)).toBe(80_000);
    const level = (sec: number) => {
      const i = Math.floor(sec * 50) * 2;
      return Math.max(Math.abs(peaks[i]!), Math.abs(peaks[i + 1]!));
    };
    const loudest = (from: number, to: number) => Math.max(...Array.from({ length: (to - from) * 50 }, (_, i) => level(from + i / 50)));
    expect(loudest(1, 2)).toBeGreaterThan(0.1);
    expect(loudest(3.5, 4.5)).toBeLessThan(0.02);
  });
});

describe('npm run demo', () => {
  it('writes tickets CSV and JSON, recordings with metadata and transcripts (small size)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'qa-demo-'));
    await writeDemoExport(out, 'small', undefined, NOW, () => undefined);
    const csv = readFileSync(join(out, 'tickets.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFTicket ID,Subject')).toBe(true);
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2001);
    const json = JSON.parse(readFileSync(join(out, 'tickets.json'), 'utf8'));
    expect(json.tickets).toHaveLength(2000);
    expect(json.tickets[0]).toHaveProperty('via.channel');
    const files = readdirSync(join(out, 'recordings')).filter((f) => f.endsWith('.wav'));
    expect(files).toHaveLength(6);
    const meta = readFileSync(join(out, 'recordings', 'metadata.csv'), 'utf8').split('\r\n').filter(Boolean);
    expect(meta).toHaveLength(7);
    for (const f of files) expect(meta.some((line) => line.startsWith(f))).toBe(true);
    expect(readdirSync(join(out, 'recordings', 'transcripts'))).toHaveLength(6);
  });
});
