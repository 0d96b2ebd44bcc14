import { beforeAll, describe, expect, it } from 'vitest';
import { createFirstAdmin, sessionScopeFor, signIn } from '@renderer/db/auth';
import { createPerson, listPeople, saveTeam } from '@renderer/db/people';
import { getOwned, listOwnedBy, listVisible } from '@renderer/db/scoped';
import { stampNew } from '@renderer/db/records';
import { AccessDenied, type RepoContext } from '@renderer/db/context';
import type { CorrectiveAction, Dispute, Evaluation, NewRecord, Person } from '@renderer/domain/model';
import { freshContext, realHasher } from '../fixtures';

/** Admin, two teams with a lead and two staff each; one evaluation, dispute and corrective action per staff member. */
async function workspace() {
  const base = freshContext();
  const admin = await createFirstAdmin(base, { name: 'Admin', email: 'admin@example.com', employeeNo: 'A1' }, 'correct-horse', realHasher);
  const asAdmin: RepoContext = { ...base, actor: await sessionScopeFor(base.db, admin) };
  const t1 = await saveTeam(asAdmin, { name: 'Team 1', leadId: null });
  const t2 = await saveTeam(asAdmin, { name: 'Team 2', leadId: null });
  const mk = (name: string, role: Person['role'], teamId: string | null) =>
    createPerson(asAdmin, { name, email: `${name}@example.com`, employeeNo: name, teamId, role }, 'password-1', realHasher);
  const lead1 = await mk('lead1', 'lead', t1.id);
  await saveTeam(asAdmin, { id: t1.id, name: 'Team 1', leadId: lead1.id });
  const s1 = await mk('s1', 'staff', t1.id);
  const s2 = await mk('s2', 'staff', t1.id);
  const s3 = await mk('s3', 'staff', t2.id);
  const sup = await mk('sup', 'supervisor', null);
  for (const s of [s1, s2, s3]) {
    const teamId = s.teamId;
    // Only the owner fields matter to scoping; the rest of each record is left out on purpose.
    await base.db.evaluations.add(stampNew(asAdmin, { agentId: s.id, teamId, occurredAt: '2026-11-01T00:00:00Z', status: 'submitted' } as unknown as NewRecord<Evaluation>));
    await base.db.disputes.add(stampNew(asAdmin, { agentId: s.id, evaluationId: 'x', status: 'open' } as unknown as NewRecord<Dispute>));
    await base.db.correctiveActions.add(stampNew(asAdmin, { staffId: s.id, teamId, status: 'open' } as unknown as NewRecord<CorrectiveAction>));
  }
  const as = async (p: Person): Promise<RepoContext> => ({ ...base, actor: await sessionScopeFor(base.db, p) });
  return { base, asAdmin, s1, s2, s3, lead1, sup, as };
}

describe('role scoping in the repository layer', () => {
  let w: Awaited<ReturnType<typeof workspace>>;
  beforeAll(async () => {
    w = await workspace();
  });

  it('a staff member reads their own evaluations, disputes and corrective actions', async () => {
    const ctx = await w.as(w.s1);
    for (const t of ['evaluations', 'disputes', 'correctiveActions'] as const) {
      const mine = await listOwnedBy(ctx, t, w.s1.id);
      expect(mine).toHaveLength(1);
      const visible = await listVisible(ctx, t);
      expect(visible.map((r) => ('staffId' in r ? r.staffId : r.agentId))).toEqual([w.s1.id]);
    }
  });

  it("a staff member cannot read a teammate's records through any repository call", async () => {
    const ctx = await w.as(w.s1);
    for (const t of ['evaluations', 'disputes', 'correctiveActions'] as const) {
      await expect(listOwnedBy(ctx, t, w.s2.id)).rejects.toBeInstanceOf(AccessDenied);
      const other = (await listOwnedBy(w.asAdmin, t, w.s2.id))[0]!;
      await expect(getOwned(ctx, t, other.id)).rejects.toBeInstanceOf(AccessDenied);
    }
    expect((await listPeople(ctx)).map((p) => p.id)).toEqual([w.s1.id]);
  });

  it('a team lead sees their own team and nobody else', async () => {
    const ctx = await w.as(w.lead1);
    const evals = await listVisible(ctx, 'evaluations');
    expect(new Set(evals.map((e) => e.agentId))).toEqual(new Set([w.s1.id, w.s2.id]));
    await expect(listOwnedBy(ctx, 'correctiveActions', w.s3.id)).rejects.toBeInstanceOf(AccessDenied);
  });

  it('a quality supervisor sees everyone', async () => {
    const ctx = await w.as(w.sup);
    expect(await listVisible(ctx, 'disputes')).toHaveLength(3);
  });

  it('without a session nothing is readable', async () => {
    await expect(listVisible(w.base, 'evaluations')).rejects.toBeInstanceOf(AccessDenied);
  });

  it('staff cannot create people', async () => {
    const ctx = await w.as(w.s1);
    await expect(
      createPerson(ctx, { name: 'x', email: 'x@example.com', employeeNo: 'X', teamId: null, role: 'admin' }, 'password-1', realHasher),
    ).rejects.toBeInstanceOf(AccessDenied);
  });

  it('sign-in locks the account after repeated failures and says until when', async () => {
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await signIn(w.base, 's3@example.com', 'wrong-password', realHasher));
    expect(results.slice(0, 4).map((r) => (r.ok ? 'ok' : r.reason))).toEqual(Array(4).fill('wrong-password'));
    expect(results[4]).toMatchObject({ ok: false, reason: 'locked' });
    // Even the right password is refused while locked.
    expect(await signIn(w.base, 's3@example.com', 'password-1', realHasher)).toMatchObject({ ok: false, reason: 'locked' });
    const good = await signIn(w.base, 'S1@example.com', 'password-1', realHasher);
    expect(good.ok && good.scope).toEqual({ personId: w.s1.id, role: 'staff', ledTeamIds: [] });
  });

  it('the audit log never holds a password hash', async () => {
    const entries = await w.base.db.auditLog.where('entity').equals('credentials').toArray();
    // Every credential was created with an audit entry, and none of them shows its hash.
    expect(entries.filter((e) => e.action === 'create').length).toBe(await w.base.db.credentials.count());
    expect(JSON.stringify(entries)).not.toMatch(/"hash":"[0-9a-f]{128}"/);
  });
});
