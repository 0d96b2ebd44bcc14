// A calibration session on the small demo workspace: three reviewers and the owner as the reference score two
// calls independently; nobody sees the report before finishing; it yields alpha and alignment; calibration
// evaluations never reach the staff member's scores.
import { describe, expect, it } from 'vitest';
import { calibrationRecording, calibrationSessionReport, closeCalibrationSession, createCalibrationSession, leniencyOverTime, listCalibrationSessions } from '@renderer/db/calibration';
import { openDraft, saveDraftState, submitEvaluation } from '@renderer/db/evaluations';
import { myEvaluations } from '@renderer/db/myScores';
import { publishedRubrics } from '@renderer/db/rubrics';
import { AccessDenied, ValidationError } from '@renderer/db/context';
import type { EvaluationAnswer } from '@renderer/domain/model';
import { loadSmallDemo } from '../fixtures';

describe('calibration sessions', () => {
  it('scores independently, opens the report only when done, and never counts toward staff scores', async () => {
    const { ctx, people, as } = await loadSmallDemo();
    const [owner, sup2] = people.filter((p) => p.role === 'supervisor');
    const [lead1, lead2] = people.filter((p) => p.role === 'lead');
    const ownerCtx = await as(owner!.id);
    const callRubric = (await publishedRubrics(ownerCtx)).find((v) => v.definition.sections.some((s) => s.criteria.some((c) => c.appliesTo === 'calls')))!;
    const calls = (await ctx.db.recordings.toArray()).slice(0, 2);

    await expect(createCalibrationSession(ownerCtx, { name: 'Nov', rubricVersionId: callRubric.id, items: [], reviewerIds: [sup2!.id], ownerIsReference: true })).rejects.toBeInstanceOf(ValidationError);
    const session = await createCalibrationSession(ownerCtx, {
      name: 'November calls',
      rubricVersionId: callRubric.id,
      items: calls.map((c) => ({ kind: 'call' as const, id: c.id })),
      reviewerIds: [sup2!.id, lead1!.id, lead2!.id],
      ownerIsReference: true,
    });
    expect(session.reviewerIds).toHaveLength(4);
    expect((await listCalibrationSessions(await as(lead1!.id))).map((s) => s.id)).toEqual([session.id]);

    const criteria = callRubric.definition.sections.flatMap((s) => s.criteria);
    // Each reviewer leans a little differently: the owner is the reference, lead2 is harsher.
    const level = (who: string, cId: string, item: number): number => {
      const c = criteria.find((x) => x.id === cId)!;
      if (c.scale.kind === 'binary') return 1;
      const top = c.scale.kind === 'points' ? c.scale.levels : c.scale.max;
      const shift = who === lead2!.id ? 2 : who === lead1!.id && item === 1 ? 1 : 0;
      return Math.max(1, top - shift);
    };
    const scoreAll = async (who: string) => {
      const c = await as(who);
      for (const [i, rec] of calls.entries()) {
        const draft = await openDraft(c, { kind: 'call', id: rec.id, agentId: rec.agentId, teamId: rec.teamId, occurredAt: rec.startedAt }, 'ignored', session.id);
        expect(draft.rubricVersionId).toBe(callRubric.id);
        const answers: Record<string, EvaluationAnswer> = Object.fromEntries(criteria.map((x) => [x.id, { value: level(who, x.id, i) }]));
        await saveDraftState(c, draft.id, { answers, comments: [], feedback: '' });
        await submitEvaluation(c, draft.id);
      }
    };
    // Calibration crosses teams: a lead reads the session's calls whatever their team, and nothing else through it.
    const lead1Ctx = await as(lead1!.id);
    expect((await calibrationRecording(lead1Ctx, session.id, calls[0]!.id))?.recording.id).toBe(calls[0]!.id);
    const outside = (await ctx.db.recordings.toArray()).find((r) => !calls.some((c) => c.id === r.id))!;
    await expect(calibrationRecording(lead1Ctx, session.id, outside.id)).rejects.toBeInstanceOf(AccessDenied);
    await expect(calibrationRecording(await as(people.find((p) => p.role === 'staff')!.id), session.id, calls[0]!.id)).rejects.toBeInstanceOf(AccessDenied);
    await scoreAll(owner!.id);
    await scoreAll(sup2!.id);
    // Blind: lead1 has not scored yet, so the report (with everyone's answers) stays closed to them.
    await expect(calibrationSessionReport(await as(lead1!.id), session.id)).rejects.toBeInstanceOf(AccessDenied);
    await scoreAll(lead1!.id);
    await scoreAll(lead2!.id);
    const { report, submitted } = await calibrationSessionReport(await as(lead1!.id), session.id);
    expect(Object.values(submitted)).toEqual([2, 2, 2, 2]);
    expect(report.reviewers.map((r) => r.reviewerId).sort()).toEqual([sup2!.id, lead1!.id, lead2!.id].sort());
    expect(report.reviewers.find((r) => r.reviewerId === sup2!.id)!.alignment).toBe(1);
    expect(report.reviewers.find((r) => r.reviewerId === lead2!.id)!.alignment!).toBeLessThan(report.reviewers.find((r) => r.reviewerId === lead1!.id)!.alignment!);
    expect(report.reviewers.find((r) => r.reviewerId === lead2!.id)!.leniency!).toBeLessThan(0);
    expect(report.overall.ordinal.alpha).not.toBeNull();
    expect(report.overall.ordinal.raters).toBe(3);
    // Every point-scale criterion of both calls is a unit all three scored (yes/no criteria go to the nominal alpha).
    expect(report.overall.ordinal.items).toBe(calls.length * criteria.filter((c) => c.scale.kind !== 'binary').length);
    expect(report.overall.nominal.items).toBe(calls.length * criteria.filter((c) => c.scale.kind === 'binary').length);

    // Calibration scores never reach the evaluated people.
    for (const rec of calls) expect((await myEvaluations(await as(rec.agentId!))).some((e) => e.itemId === rec.id && e.calibrationSessionId)).toBe(false);
    // Leniency over time: one point for this session, the harsh lead below zero, the same figures as the report.
    const over = await leniencyOverTime(ownerCtx);
    expect(over.points.map((p) => p.sessionId)).toEqual([session.id]);
    expect(over.points[0]!.leniency[lead2!.id]).toBe(report.reviewers.find((r) => r.reviewerId === lead2!.id)!.leniency);
    expect(over.names[lead2!.id]).toBe(lead2!.name);
    await expect(leniencyOverTime(lead1Ctx)).rejects.toBeInstanceOf(AccessDenied);
    await expect(closeCalibrationSession(await as(sup2!.id), session.id)).rejects.toBeInstanceOf(AccessDenied);
    expect((await closeCalibrationSession(ownerCtx, session.id)).status).toBe('closed');
  });
});
