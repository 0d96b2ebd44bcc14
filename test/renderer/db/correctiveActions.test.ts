// Corrective actions on the small demo workspace through the repositories: a supervisor raises one from a failed
// evaluation (prefilled, owned by the team lead); only the staff member, their lead and supervisors see it; the lead
// works it, extends the deadline with a reason, and cannot close it before verification; the staff member
// acknowledges and comments; two follow-up evaluations that pass the failed criteria make it effective; the
// history and the audit chain hold every step.
import { describe, expect, it } from 'vitest';
import { acknowledgeAction, actionDetail, commentAction, createAction, editAction, extendDeadline, listActions, prefillFromEvaluation, requestFollowUps, transitionAction, type ActionInput } from '@renderer/db/correctiveActions';
import { commitRun, previewRun } from '@renderer/db/sampling';
import { createPlan } from '@renderer/db/samplePlans';
import { myQueue } from '@renderer/db/reviewQueue';
import { DEFAULT_PLAN } from '@renderer/domain/samplePlan';
import { openDraft, saveDraftState, submitEvaluation } from '@renderer/db/evaluations';
import { verifyAuditLog } from '@renderer/db/audit';
import { AccessDenied, ValidationError } from '@renderer/db/context';
import { actionRates } from '@renderer/domain/correctiveActions';
import { criterionScore } from '@renderer/domain/scoring';
import type { EvaluationAnswer } from '@renderer/domain/model';
import { loadSmallDemo } from '../fixtures';

/** The small demo with an action raised by a supervisor from a failed evaluation (owned by the team lead). */
async function raised(followUps: number) {
  const w = await loadSmallDemo();
  const sups = w.people.filter((p) => p.role === 'supervisor');
  const supCtx = await w.as(sups[0]!.id);
  const teams = await w.ctx.db.teams.toArray();
  const failed = (await w.ctx.db.evaluations.toArray()).find((e) => e.status === 'submitted' && e.outcome === 'fail' && !e.calibrationSessionId && teams.some((t) => t.id === e.teamId && t.leadId))!;
  const version = (await w.ctx.db.rubricVersions.get(failed.rubricVersionId))!;
  const prefill = await prefillFromEvaluation(supCtx, failed.id, version.definition);
  const action = await createAction(supCtx, { ...(prefill as ActionInput), verification: { kind: 'follow-ups', count: followUps, criterionIds: prefill.criterionIds! }, rootCauses: ['skill'], plan: 'Summarise before closing.', priority: 'normal', dueDate: '2026-11-20' });
  const lead = await w.as(teams.find((t) => t.id === failed.teamId)!.leadId!);
  return { w, sups, supCtx, failed, action, lead, teams };
}

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
    // The criteria not at full marks, in the rubric's order (a failed evaluation has some).
    const notFull = version.definition.sections.flatMap((s) => s.criteria).filter((c) => failed.answers[c.id]?.value != null && criterionScore(c, failed.answers[c.id]!.value!) < 1);
    expect(notFull.length).toBeGreaterThan(0);
    expect(prefill.criterionIds).toEqual(notFull.map((c) => c.id));

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
    // Closing before the follow-ups are in is refused (0 of 2, verdict still waiting), and so is closing against
    // the verdict, unless with an override and its reason.
    await expect(transitionAction(leadCtx, action.id, { kind: 'close', outcome: 'effective' })).rejects.toMatchObject({ field: 'override', messageKey: 'corrective.errors.closeNeedsOverride', message: expect.stringContaining('0 of 2') });
    await expect(transitionAction(leadCtx, action.id, { kind: 'close', outcome: 'not-effective' })).rejects.toMatchObject({ field: 'override' });
    await expect(transitionAction(leadCtx, action.id, { kind: 'close', outcome: 'effective', override: ' ' })).rejects.toMatchObject({ field: 'override' });
    expect((await actionDetail(leadCtx, action.id)).action.status).toBe('awaiting-verification');
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
    expect(actionRates(await listActions(supCtx), w.ctx.clock())).toEqual({ open: 0, overdue: 0, closed: 1, onTimeRate: 1, effectiveRate: 1, overridden: 0 });
    expect((await verifyAuditLog(w.ctx.db)).ok).toBe(true);
  });

  it('asks for follow-up evaluations: directly from the owner, and in the next sample run for that person', async () => {
    const { w, sups, supCtx, failed, action, lead } = await raised(3);
    const reviewer = sups[1]!;

    // Not before the action waits for verification; bad requests name the field.
    await expect(requestFollowUps(lead, action.id, { count: 1, reviewerId: reviewer.id })).rejects.toMatchObject({ field: 'status' });
    await transitionAction(lead, action.id, { kind: 'request-verification' });
    await expect(requestFollowUps(lead, action.id, { count: 0, reviewerId: reviewer.id })).rejects.toMatchObject({ field: 'count' });
    await expect(requestFollowUps(lead, action.id, { count: 1, reviewerId: failed.agentId })).rejects.toMatchObject({ field: 'reviewerId' });
    await expect(requestFollowUps(lead, action.id, { count: 1, reviewerId: null })).rejects.toMatchObject({ field: 'reviewerId' });
    await expect(requestFollowUps(await w.as(failed.agentId!), action.id, { count: 1, reviewerId: reviewer.id })).rejects.toBeInstanceOf(AccessDenied);

    // Directly: one item of the staff member, unscored and in nobody's queue, in the reviewer's queue as a follow-up.
    expect(await requestFollowUps(lead, action.id, { count: 1, reviewerId: reviewer.id })).toEqual({ assigned: 1, requested: 1 });
    const queue = await myQueue(await w.as(reviewer.id));
    const direct = queue.filter((a) => a.reason.kind === 'follow-up');
    expect(direct).toHaveLength(1);
    // Of the kind the failed evaluation scored (the target criteria are in that rubric).
    expect(direct[0]).toMatchObject({ agentId: failed.agentId, itemKind: failed.itemKind, reason: { kind: 'follow-up', actionId: action.id }, status: 'open' });
    expect(await w.ctx.db.evaluations.where('itemId').equals(direct[0]!.itemId).count()).toBe(0);
    let detail = await actionDetail(lead, action.id);
    expect(detail.action.followUpItems).toHaveLength(1);
    expect(detail.events.at(-1)).toMatchObject({ kind: 'follow-ups', to: '1', text: '' });

    // The next sample run covering the staff member adds the two still needed, beyond the quota, tagged and linked.
    const plan = await createPlan(supCtx, { ...DEFAULT_PLAN, name: 'Weekly spot check', assignment: { ...DEFAULT_PLAN.assignment, reviewerIds: sups.map((s) => s.id) } });
    const lastWeek = w.ctx.clock() - 7 * 86_400_000;
    const preview = await previewRun(supCtx, plan.id, { atMs: lastWeek, seed: 11 });
    const mine = preview.picks.filter((p) => p.reason.kind === 'follow-up');
    expect(mine).toHaveLength(2);
    expect(mine.every((p) => p.agentId === failed.agentId && p.kind === failed.itemKind && p.itemId !== direct[0]!.itemId)).toBe(true);
    const person = preview.people.find((p) => p.personId === failed.agentId)!;
    expect(person.followUps).toBe(2);
    // Quota picks are unchanged by the follow-ups (the same seed without the request draws the same quota picks).
    expect(new Set(preview.picks.filter((p) => p.reason.kind !== 'follow-up').map((p) => p.itemId)).size).toBe(preview.picks.length - 2);
    await commitRun(supCtx, preview);
    detail = await actionDetail(lead, action.id);
    expect(detail.action.followUpItems!.map((f) => f.runId === null)).toEqual([true, false, false]);
    expect(detail.events.at(-1)).toMatchObject({ kind: 'follow-ups', to: '2', text: expect.stringContaining('Weekly spot check') });
    // Nothing more is outstanding: a later run adds none.
    const plan2 = await createPlan(supCtx, { ...DEFAULT_PLAN, name: 'Second plan', assignment: { ...DEFAULT_PLAN.assignment, reviewerIds: sups.map((s) => s.id) } });
    expect((await previewRun(supCtx, plan2.id, { atMs: lastWeek, seed: 11 })).picks.some((p) => p.reason.kind === 'follow-up')).toBe(false);
  });

  it('edits an open action: owner, text, attachments by path; the history names the fields; closed actions stay as they were', async () => {
    const { w, sups, supCtx, failed, action, lead } = await raised(1);
    await expect(editAction(await w.as(failed.agentId!), action.id, { title: 'Mine now' })).rejects.toBeInstanceOf(AccessDenied);
    await expect(editAction(lead, action.id, { title: ' ' })).rejects.toMatchObject({ field: 'title' });
    await expect(editAction(lead, action.id, { attachments: ['D:\\QA\\coaching.docx', ''] })).rejects.toMatchObject({ field: 'attachments' });
    await expect(editAction(lead, action.id, { ownerId: failed.agentId })).rejects.toMatchObject({ field: 'ownerId' });
    expect((await actionDetail(lead, action.id)).events).toHaveLength(1);

    const edited = await editAction(lead, action.id, { ownerId: sups[1]!.id, plan: 'Summarise, then confirm.', attachments: ['D:\\QA\\coaching.docx', '/srv/qa/call-notes.pdf'], priority: 'normal' });
    expect(edited).toMatchObject({ ownerId: sups[1]!.id, plan: 'Summarise, then confirm.', attachments: ['D:\\QA\\coaching.docx', '/srv/qa/call-notes.pdf'], rev: action.rev + 1 });
    // Priority did not change, so the history names only what did.
    expect((await actionDetail(supCtx, action.id)).events.at(-1)).toMatchObject({ kind: 'edited', text: 'ownerId, plan, attachments' });
    expect(await editAction(supCtx, action.id, { plan: 'Summarise, then confirm.' })).toMatchObject({ rev: edited.rev });

    await transitionAction(supCtx, action.id, { kind: 'cancel', reason: 'staff member moved to another team' });
    await expect(editAction(supCtx, action.id, { title: 'Too late' })).rejects.toMatchObject({ field: 'status', messageKey: 'corrective.errors.finalEdit' });
  });
});
