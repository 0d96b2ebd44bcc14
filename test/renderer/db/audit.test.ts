import { describe, expect, it } from 'vitest';
import { createFirstAdmin, sessionScopeFor } from '@renderer/db/auth';
import { saveTeam } from '@renderer/db/people';
import { verifyAuditLog } from '@renderer/db/audit';
import { writeSetting } from '@renderer/db/settings';
import { freshContext, realHasher } from '../fixtures';

async function loggedWorkspace() {
  const ctx = freshContext();
  const admin = await createFirstAdmin(ctx, { name: 'Admin', email: 'a@example.com', employeeNo: '1' }, 'password-1', realHasher);
  const asAdmin = { ...ctx, actor: await sessionScopeFor(ctx.db, admin) };
  const team = await saveTeam(asAdmin, { name: 'Team A', leadId: null });
  await saveTeam(asAdmin, { id: team.id, name: 'Team A2', leadId: admin.id });
  await writeSetting(asAdmin, 'idleLockMinutes', 5);
  return { ctx, team };
}

describe('audit log hash chain', () => {
  it('records every create and update with before/after and verifies', async () => {
    const { ctx, team } = await loggedWorkspace();
    const entries = await ctx.db.auditLog.orderBy('seq').toArray();
    expect(entries.map((e) => `${e.action}:${e.entity}`)).toEqual([
      'create:people',
      'create:credentials',
      'create:teams',
      'update:teams',
      'update:settings',
    ]);
    const upd = entries[3]!;
    expect(upd.entityId).toBe(team.id);
    expect((upd.before as { name: string }).name).toBe('Team A');
    expect((upd.after as { name: string }).name).toBe('Team A2');
    expect(await verifyAuditLog(ctx.db)).toEqual({ ok: true, checked: 5 });
  });

  it('detects an edited entry and names the first broken one', async () => {
    const { ctx } = await loggedWorkspace();
    const third = await ctx.db.auditLog.where('seq').equals(3).first();
    await ctx.db.auditLog.update(third!.id, { after: { name: 'Forged' } });
    expect(await verifyAuditLog(ctx.db)).toMatchObject({ ok: false, brokenAtSeq: 3, reason: 'hash-mismatch' });
  });

  it('detects a deleted entry', async () => {
    const { ctx } = await loggedWorkspace();
    const second = await ctx.db.auditLog.where('seq').equals(2).first();
    await ctx.db.auditLog.delete(second!.id);
    expect(await verifyAuditLog(ctx.db)).toMatchObject({ ok: false, brokenAtSeq: 2, reason: 'sequence-gap' });
  });

  it('detects a re-hashed forgery by the broken link to the next entry', async () => {
    const { ctx } = await loggedWorkspace();
    const { hashAuditEntry } = await import('@renderer/domain/auditChain');
    const e = (await ctx.db.auditLog.where('seq').equals(2).first())!;
    const forged = { ...e, action: 'forged' };
    forged.hash = hashAuditEntry(forged, forged.prevHash);
    await ctx.db.auditLog.put(forged);
    expect(await verifyAuditLog(ctx.db)).toMatchObject({ ok: false, brokenAtSeq: 3, reason: 'prev-link' });
  });
});
