// An evaluation's life in the repository: draft autosave, submission checks and score on the pinned version,
// immutability, revisions with reasons, acknowledgement, disputes in the window and their resolution; staff see
// only their own; every fact audited.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRubric, publishVersion, startNewVersion, saveDraft } from '@renderer/db/rubrics';
import { acknowledgeEvaluation, disputeEvaluation, openDraft, resolveDispute, reviseEvaluation, saveDraftState, submitEvaluation, SubmissionInvalid } from '@renderer/db/evaluations';
import { listOwnedBy } from '@renderer/db/scoped';
import { createPerson } from '@renderer/db/people';
import { sessionScopeFor } from '@renderer/db/auth';
import { verifyAuditLog } from '@renderer/db/audit';
import { AccessDenied, ValidationError, type RepoContext } from '@renderer/db/context';
import { scaleValues } from '@renderer/domain/rubric';
import type { EvaluationAnswer } from '@renderer/domain/model';
import { importWorkspace } from '../importFixtures';
import { realHasher } from '../fixtures';
import { stampNew } from '@renderer/db/records';
import type { NewRecord, Recording } from '@renderer/domain/model';

const template = JSON.parse(readFileSync(join(__dirname, '..', '../../resources/rubrics/call-handling.en.json'), 'utf8'));

async function setup() {
  const admin = await importWorkspace();
  const { rubric, version } = await createRubric(admin, template);
  const published = await publishVersion(admin, version.id);
  const mk = async (name: string, role: 'staff' | 'supervisor') => {
    const p = await createPerson(admin, { name, email: `${name}@example.com`, employeeNo: name, teamId: null, role }, 'password-1', realHasher);
    return { person: p, ctx: { ...admin, actor: await sessionScopeFor(admin.db, p) } as RepoContext };
  };
  const sup = await mk('sup', 'supervisor');
  const agent = await mk('agent', 'staff');
  const other = await mk('other', 'staff');
  const item = { kind: 'call' as const, id: 'rec-1', agentId: agent.person.id, teamId: null, occurredAt: '2026-11-20T02:00:00.000Z' };
  // The call being scored exists (openDraft checks the stored item, never the one handed in).
  await admin.db.recordings.add(stampNew(admin, { id: item.id, agentId: agent.person.id, startedAt: item.occurredAt, fileName: 'rec-1.wav' } as unknown as NewRecord<Recording>));
  const best: Record<string, EvaluationAnswer> = Object.fromEntries(published.definition.sections.flatMap((s) => s.criteria.map((c) => [c.id, { value: scaleValues(c.scale).at(-1)! }])));
  return { admin, rubric, published, sup, agent, other, item, best };
}

/** A submitted evaluation of the agent's call, with these answers. */
async function submitted(w: Awaited<ReturnType<typeof setup>>, answers: Record<string, EvaluationAnswer>) {
  const d = await openDraft(w.sup.ctx, w.item, w.published.id);
  await saveDraftState(w.sup.ctx, d.id, { answers, comments: [], feedback: '' });
  return submitEvaluation(w.sup.ctx, d.id);
}

describe('evaluations', () => {
  it('autosaves a draft with a live score; reopening the item gives back the same draft, as it was', async () => {
    const w = await setup();
    const draft = await openDraft(w.sup.ctx, w.item, w.published.id);
    await saveDraftState(w.sup.ctx, draft.id, { answers: { greeting: { value: 4 } }, comments: [], feedback: '' });
    const saved = (await w.admin.db.evaluations.get(draft.id))!;
    expect(saved).toMatchObject({ status: 'draft', score: 100, answers: { greeting: { value: 4 } } });
    expect(await openDraft(w.sup.ctx, w.item, w.published.id)).toMatchObject({ id: draft.id, answers: { greeting: { value: 4 } } });
  });

  it('refuses an incomplete evaluation, and a critical failure without its note, naming the criterion', async () => {
    const w = await setup();
    const draft = await openDraft(w.sup.ctx, w.item, w.published.id);
    await saveDraftState(w.sup.ctx, draft.id, { answers: { greeting: { value: 4 } }, comments: [], feedback: '' });
    const incomplete = (await submitEvaluation(w.sup.ctx, draft.id).catch((e: unknown) => e)) as SubmissionInvalid;
    expect(incomplete).toBeInstanceOf(SubmissionInvalid);
    const unanswered = w.published.definition.sections.flatMap((s) => s.criteria).filter((c) => c.id !== 'greeting' && !c.allowNa);
    expect(incomplete.problems.map((p) => p.criterionId)).toEqual(expect.arrayContaining(unanswered.map((c) => c.id)));
    await saveDraftState(w.sup.ctx, draft.id, { answers: { ...w.best, policy: { value: 0 } }, comments: [], feedback: 'ok' });
    const err = (await submitEvaluation(w.sup.ctx, draft.id).catch((e: unknown) => e)) as SubmissionInvalid;
    expect(err.problems).toEqual([{ criterionId: 'policy', problem: 'critical-needs-comment' }]);
    expect((await w.admin.db.evaluations.get(draft.id))!.status).toBe('draft');
  });

  it('submits on the version it was opened with, though a newer one was published meanwhile; then it is no draft to edit', async () => {
    const w = await setup();
    const draft = await openDraft(w.sup.ctx, w.item, w.published.id);
    await saveDraftState(w.sup.ctx, draft.id, { answers: { ...w.best, policy: { value: 0, note: 'account changed without verifying identity' } }, comments: [], feedback: 'ok' });
    const v2 = await startNewVersion(w.admin, w.rubric.id);
    await saveDraft(w.admin, v2.id, { ...v2.definition, passingScore: 10 });
    await publishVersion(w.admin, v2.id);
    const done = await submitEvaluation(w.sup.ctx, draft.id);
    expect(done).toMatchObject({ status: 'submitted', score: 0, outcome: 'fail', failedBy: { criterionId: 'policy', scope: 'all' }, revision: 1, rubricVersionId: w.published.id });
    await expect(saveDraftState(w.sup.ctx, draft.id, { answers: w.best, comments: [], feedback: '' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('a revision needs a reason', async () => {
    const w = await setup();
    const sub = await submitted(w, { ...w.best, accuracy: { value: 2 } });
    const err = await reviseEvaluation(w.sup.ctx, sub.id, { accuracy: { value: 3 } }, '').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((await w.admin.db.evaluations.get(sub.id))!).toMatchObject({ revision: 1, score: sub.score });
  });

  it('staff read and acknowledge their own evaluations only', async () => {
    const w = await setup();
    const sub = await submitted(w, w.best);
    await expect(acknowledgeEvaluation(w.other.ctx, sub.id)).rejects.toBeInstanceOf(AccessDenied);
    await expect(listOwnedBy(w.other.ctx, 'evaluations', w.agent.person.id)).rejects.toBeInstanceOf(AccessDenied);
    expect((await listOwnedBy(w.agent.ctx, 'evaluations', w.agent.person.id)).map((e) => e.id)).toEqual([sub.id]);
    expect((await acknowledgeEvaluation(w.agent.ctx, sub.id)).acknowledgedAt).not.toBeNull();
  });

  it('one open dispute per evaluation; the reviewer adjusts it as a revision, with its history and audit trail', async () => {
    const w = await setup();
    const sub = await submitted(w, { ...w.best, accuracy: { value: 2 } });
    await acknowledgeEvaluation(w.agent.ctx, sub.id);
    const dispute = await disputeEvaluation(w.agent.ctx, sub.id, [{ criterionId: 'accuracy', proposedValue: 4, reason: 'the workaround was verified with the customer' }]);
    expect(dispute.status).toBe('open');
    await expect(disputeEvaluation(w.agent.ctx, sub.id, [{ criterionId: 'accuracy', proposedValue: 4, reason: 'again' }])).rejects.toBeInstanceOf(ValidationError);
    const resolved = await resolveDispute(w.sup.ctx, dispute.id, { outcome: 'adjusted', answers: { accuracy: { value: 4 } } }, 'listened again: verified at 4:10');
    expect(resolved).toMatchObject({ status: 'adjusted', reply: 'listened again: verified at 4:10' });
    const after = (await w.admin.db.evaluations.get(sub.id))!;
    expect(after.revision).toBe(2);
    expect(after.score).toBe(100);
    expect(after.revisions).toEqual([expect.objectContaining({ revision: 1, reason: 'dispute: listened again: verified at 4:10', score: sub.score })]);
    const actions = (await w.admin.db.auditLog.where('[entity+entityId]').equals(['evaluations', sub.id]).toArray()).map((a) => a.action);
    expect(actions).toEqual(['create', 'submit', 'acknowledge', 'revise']);
    expect((await verifyAuditLog(w.admin.db)).ok).toBe(true);
  });

  it('the dispute window closes after the setting\'s days', async () => {
    const w = await setup();
    const d = await openDraft(w.sup.ctx, w.item, w.published.id);
    await saveDraftState(w.sup.ctx, d.id, { answers: w.best, comments: [], feedback: '' });
    await submitEvaluation(w.sup.ctx, d.id);
    const later: RepoContext = { ...w.agent.ctx, clock: () => Date.now() + 8 * 86400000 };
    const err = await disputeEvaluation(later, d.id, [{ criterionId: 'greeting', proposedValue: 4, reason: 'because' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).messageKey).toBe('review.disputeClosed');
  });
});

describe('who decides disputes', () => {
  it('a team lead decides their team\'s disputes unless the setting leaves them to supervisors', async () => {
    const { writeSetting } = await import('@renderer/db/settings');
    const { saveTeam } = await import('@renderer/db/people');
    const { openDisputes } = await import('@renderer/db/myScores');
    const w = await setup();
    const team = await saveTeam(w.admin, { name: 'Hotline', leadId: null });
    const lead = await createPerson(w.admin, { name: 'lead', email: 'lead@example.com', employeeNo: 'L1', teamId: team.id, role: 'lead' }, 'password-1', realHasher);
    await saveTeam(w.admin, { id: team.id, name: 'Hotline', leadId: lead.id });
    const { updatePerson } = await import('@renderer/db/people');
    await updatePerson(w.admin, w.agent.person.id, { name: 'agent', email: 'agent@example.com', employeeNo: 'agent', teamId: team.id, role: 'staff' });
    const asLead: RepoContext = { ...w.admin, actor: await sessionScopeFor(w.admin.db, lead) };
    const d = await openDraft(w.sup.ctx, { ...w.item, teamId: team.id }, w.published.id);
    await saveDraftState(w.sup.ctx, d.id, { answers: { ...w.best, greeting: { value: 2 } }, comments: [], feedback: '' });
    await submitEvaluation(w.sup.ctx, d.id);
    const dispute = await disputeEvaluation(w.agent.ctx, d.id, [{ criterionId: 'greeting', proposedValue: 4, reason: 'I gave my name and department' }]);
    expect((await openDisputes(asLead)).map((x) => x.id)).toEqual([dispute.id]);
    await writeSetting(w.admin, 'leadsDecideDisputes', false);
    expect(await openDisputes(asLead)).toEqual([]);
    await expect(resolveDispute(asLead, dispute.id, { outcome: 'upheld' }, 'as scored')).rejects.toBeInstanceOf(AccessDenied);
    await writeSetting(w.admin, 'leadsDecideDisputes', true);
    expect(await resolveDispute(asLead, dispute.id, { outcome: 'upheld' }, 'as scored')).toMatchObject({ status: 'upheld' });
  });
});
