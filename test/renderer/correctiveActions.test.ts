// Corrective actions on the small demo workspace through the repositories: a supervisor raises one from a failed
// evaluation (prefilled, owned by the team lead); only the staff member, their lead and supervisors see it; the lead
// works it, extends the deadline with a reason, and cannot close it before verification; the staff member
// acknowledges and comments; two follow-up evaluations that pass the failed criteria make it effective; the
// history and the audit chain hold every step.
import { describe, expect, it } from 'vitest';
import { acknowledgeAction, actionDetail, commentAction, createAction, extendDeadline, listActions, prefillFromEvaluation, transitionAction, type ActionInput } from '@renderer/db/correctiveActions';
import { openDraft, saveDraftState, submitEvaluation } from '@renderer/db/evaluations';
import { verifyAuditLog } from '@renderer/db/audit';
import { AccessDenied, ValidationError } from '@renderer/db/context';
import { actionRates } from '@renderer/domain/correctiveActions';
import { criterionScore } from '@renderer/domain/scoring';
import type { EvaluationAnswer } from '@renderer/domain/model';
import { loadSmallDemo } from './fixtures';

describe('corrective actions', () => {
  it('runs from a failed evaluation to an effective close, for all three roles', async () => {
    const w = await loadSmallDemo();
    const sup = w.people.find((p) => p.role === 'supervisor')!;
    const supCtx = await w.as(sup.id);
    // A submitted, failed ticket evaluation of a staff member whose team has a lead.
    const teams = await w.ctx.db.teams.toArray();
    const evals = await w.ctx.db.evaluations.toArray();
    const failed = evals.find((e) => e.itemKind === 'ticket' && e.status === 'submitted' && e.outcome === 'fail' && !e.calibrationSessionId && teams.some((t) => t.id === e.teamId && t.leadId))!;
    expect(failed).toBeDefined();
    const version = (await w.ctx.db.rubricVersions.get(failed.rubricVersionId))!;
    const prefill = await prefillFromEvaluation(supCtx, failed.id, version.definition);
    expect(prefill.staffId).toBe(failed.agentId);
    expect(prefill.criterionIds!.length).toBeGreaterThan(0);

    const input: ActionInput = { ...(prefill as ActionInput), rootCauses: ['skill'], plan: 'Greet, confirm the problem, summarise before closing.', priority: 'normal', dueDate: '2026-11-20' };
    // Bad input names the field and writes nothing.
    await expect(createAction(supCtx, { ...input, plan: '' })).rejects.toMatchObject({ field: 'plan' });
    await expect(createAction(supCtx, { ...input, dueDate: '20/11/2026' })).rejects.toMatchObject({ field: 'dueDate' });
    await expect(createAction(supCtx, { ...input, verification: { kind: 'follow-ups', count: 0, criterionIds: input.criterionIds } })).rejects.toMatchObject({ field: 'verification.count' });
    expect(await w.ctx.db.correctiveActions.count()).toBe(0);

    const action = await createAction(supCtx, input);
    const team = teams.find((t) => t.id === failed.teamId)!;
    expect(action).toMatchObject({ status: 'open', ownerId: team.leadId, staffId: failed.agentId, evaluationId: failed.id, dueAt: '2026-11-20T16:00:00.000Z' });

    // Who sees it: the staff member, their lead, supervisors; not a teammate, not another lead.
    const staffCtx = await w.as(failed.agentId!);
    const leadCtx = await w.as(team.leadId!);
    expect((await listActions(staffCtx)).map((a) => a.id)).toEqual([action.id]);
    expect((await listActions(leadCtx)).map((a) => a.id)).toContain(action.id);
    const teammate = w.people.find((p) => p.role === 'staff' && p.teamId === failed.teamId && p.id !== failed.agentId)!;
    await expect(actionDetail(await w.as(teammate.id), action.id)).rejects.toBeInstanceOf(AccessDenied);
    const otherLead = teams.find((t) => t.id !== team.id && t.leadId)!.leadId!;
    expect((await listActions(await w.as(otherLead))).some((a) => a.id === action.id)).toBe(false);
    // Staff neither work nor close it.
    await expect(transitionAction(staffCtx, action.id, { kind: 'start' })).rejects.toBeInstanceOf(AccessDenied);

    // The lead works it; closing before verification is refused with what is allowed.
    await transitionAction(leadCtx, action.id, { kind: 'start' });
    await expect(transitionAction(leadCtx, action.id, { kind: 'close', outcome: 'effective' })).rejects.toSatisfy(
      (e: unknown) => e instanceof ValidationError && e.messageKey === 'corrective.errors.transition' && /in-progress cannot close; it can: request-verification, cancel/.test(e.message),
    );
    await expect(extendDeadline(leadCtx, action.id, '2026-11-27', '')).rejects.toMatchObject({ field: 'reason' });
    await expect(extendDeadline(leadCtx, action.id, '2026-11-10', 'earlier')).rejects.toMatchObject({ field: 'dueDate' });
    const extended = await extendDeadline(leadCtx, action.id, '2026-11-27', 'training moved a week');
    expect(extended).toMatchObject({ extensions: 1, dueAt: '2026-11-27T16:00:00.000Z', originalDueAt: '2026-11-20T16:00:00.000Z' });

    // The staff member acknowledges (once) and comments.
    await expect(acknowledgeAction(leadCtx, action.id)).rejects.toBeInstanceOf(AccessDenied);
    const acked = await acknowledgeAction(staffCtx, action.id);
    expect(acked.acknowledgedAt).not.toBeNull();
    expect((await acknowledgeAction(staffCtx, action.id)).acknowledgedAt).toBe(acked.acknowledgedAt);
    await commentAction(staffCtx, action.id, 'I have read the call again and practised the summary.');

    // Verification: follow-ups count from now; two evaluations passing the target criteria make it effective.
    await transitionAction(leadCtx, action.id, { kind: 'request-verification' });
    expect((await actionDetail(leadCtx, action.id)).verification).toMatchObject({ needed: 2, done: 0, verdict: 'pending' });
    const criteria = version.definition.sections.flatMap((s) => s.criteria);
    const full = (c: (typeof criteria)[number]): number => (c.scale.kind === 'binary' ? 1 : c.scale.kind === 'points' ? c.scale.levels : c.scale.max);
    const tickets = (await w.ctx.db.tickets.toArray()).filter((t) => t.agentId === failed.agentId && !evals.some((e) => e.itemId === t.id)).slice(0, 2);
    for (const t of tickets) {
      const d = await openDraft(supCtx, { kind: 'ticket', id: t.id, agentId: t.agentId, teamId: t.teamId, occurredAt: t.openedAt }, failed.rubricVersionId);
      const answers: Record<string, EvaluationAnswer> = Object.fromEntries(criteria.map((c) => [c.id, { value: full(c) }]));
      for (const c of criteria) expect(criterionScore(c, full(c))).toBe(1);
      await saveDraftState(supCtx, d.id, { answers, comments: [], feedback: 'better' });
      await submitEvaluation(supCtx, d.id);
    }
    const detail = await actionDetail(leadCtx, action.id);
    expect(detail.followUps).toHaveLength(2);
    expect(detail.verification).toMatchObject({ done: 2, verdict: 'effective' });
    const closed = await transitionAction(leadCtx, action.id, { kind: 'close', outcome: 'effective' });
    expect(closed).toMatchObject({ status: 'closed', outcome: 'effective' });

    // The history tells the story in order; the rates count it on time and effective.
    const kinds = (await actionDetail(staffCtx, action.id)).events.map((e) => [e.kind, e.to]);
    expect(kinds).toEqual([
      ['created', 'open'],
      ['status', 'in-progress'],
      ['extended', '2026-11-27T16:00:00.000Z'],
      ['acknowledged', null],
      ['comment', null],
      ['status', 'awaiting-verification'],
      ['status', 'closed'],
    ]);
    expect(actionRates(await listActions(supCtx), w.ctx.clock())).toEqual({ open: 0, overdue: 0, closed: 1, onTimeRate: 1, effectiveRate: 1 });
    expect((await verifyAuditLog(w.ctx.db)).ok).toBe(true);
  });
});
