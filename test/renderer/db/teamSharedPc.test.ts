// A shared workstation's sign-out (issue 19, item 6): the person's replica is deleted, and the changes it had not
// sent (the server away) are kept by main sealed for that login alone: not readable in the file, not given to the
// next person's sign-in, given back to the same person's next sign-in here, sent once from their new replica.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRecord } from '@renderer/db/records';
import { leaveReplica, outboxState, restoreSealedChanges } from '@renderer/db/replica';
import type { Ticket } from '@renderer/domain/model';
import { startTeamServer, type TeamServer } from '../../pg/team';
import { personRecord, seedDepartment, TEAM_PW, teamConsole, uuid, type Department } from '../../pg/teamConsoles';
import { workstation } from '../../pg/teamWorkstation';

let server: TeamServer;
const T1 = uuid(1), SUP = uuid(10), P1 = uuid(21);
const SECRET = '王芳的机密工单 (sealed)';

beforeAll(async () => {
  server = await startTeamServer();
  await seedDepartment({ ...server.config, tls: 'disable' }, server.admin.password, {
    teams: [{ id: T1, name: 'Team 1', leadId: null as unknown as string }],
    people: [personRecord(SUP, 'supervisor', 'S010', null), personRecord(P1, 'staff', 'P021', T1)] as Department['people'],
  });
}, 120_000);

afterAll(async () => {
  await server?.destroy();
});

describe('signing out of a shared workstation', () => {
  it('deletes the replica, keeps unsent changes sealed for that person only, and sends them at their next sign-in here', async () => {
    const conn = { ...server.config, tls: 'disable' as const };
    const w = workstation();
    expect(await w.call('teamJoin', { connection: conn })).toMatchObject({ ok: true });
    expect(await w.call('teamSignIn', { employeeNo: 'S010', password: TEAM_PW })).toMatchObject({ ok: true });

    // The supervisor works with the server away: the change waits in the outbox.
    const sup = await teamConsole(conn, 'S010', SUP, 'supervisor');
    await sup.sync();
    sup.port.offline = true;
    const ticket = { id: uuid(100), source: 'helpdesk', externalId: 'T-1', subject: SECRET, channel: 'email', priority: 'normal', category: 'system-fault', status: 'closed', agentId: P1, teamId: T1, openedAt: '2026-11-01T08:00:00.000Z', reopenedCount: 0 };
    await createRecord<Ticket>(sup.ctx, sup.ctx.db.tickets, ticket as never);
    await expect(sup.sync()).rejects.toBeTruthy();
    expect((await outboxState(sup.ctx)).pending).toBe(1);
    const name = sup.ctx.db.name;
    await sup.session.close();

    // Sign-out: sealed by main for this login, the replica gone.
    const left = await leaveReplica(sup.ctx, async (rows) => expect(await w.call('teamSealChanges', { rows })).toEqual({ ok: true, value: { sealed: 1 } }));
    expect(left).toEqual({ sealed: 1 });
    expect(await Dexie.getDatabaseNames()).not.toContain(name);
    const files = readdirSync(join(w.dataDir, 'sealed-changes'));
    expect(files).toHaveLength(1);
    const sealedText = readFileSync(join(w.dataDir, 'sealed-changes', files[0]!), 'utf8');
    expect(sealedText).not.toContain('机密');
    expect(sealedText).not.toContain(uuid(100));
    expect(await w.call('signOut')).toMatchObject({ ok: true });

    // The next person at the PC: nothing of the supervisor's for them, and their own "none" leaves the other's be.
    expect(await w.call('teamSignIn', { employeeNo: 'P021', password: TEAM_PW })).toMatchObject({ ok: true });
    expect(await w.call('teamSealedChanges')).toEqual({ ok: true, value: { rows: [] } });
    expect(await w.call('teamSealChanges', { rows: [] })).toMatchObject({ ok: true });
    expect(readdirSync(join(w.dataDir, 'sealed-changes'))).toHaveLength(1);
    expect(await w.call('signOut')).toMatchObject({ ok: true });
    // Signed out, nobody takes them.
    expect(await w.call('teamSealedChanges')).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // The supervisor again: the changes come back into a new replica and go up once.
    expect(await w.call('teamSignIn', { employeeNo: 'S010', password: TEAM_PW })).toMatchObject({ ok: true });
    const kept = (await w.call('teamSealedChanges')) as { ok: true; value: { rows: Record<string, unknown>[] } };
    expect(kept.value.rows).toHaveLength(1);
    const again = await teamConsole(conn, 'S010', SUP, 'supervisor');
    // Bad input: a kept change that is not one (damaged) is refused by its row, and nothing is restored.
    await expect(restoreSealedChanges(again.ctx, [{ ...kept.value.rows[0]!, table: 'credentials' }])).rejects.toMatchObject({ field: 'rows.0', messageKey: 'team.sealedDamaged' });
    expect(await again.ctx.db.teamOutbox.count()).toBe(0);
    expect(await restoreSealedChanges(again.ctx, kept.value.rows)).toBe(1);
    expect(await again.ctx.db.tickets.get(uuid(100))).toMatchObject({ subject: SECRET });
    expect(await w.call('teamSealChanges', { rows: [] })).toMatchObject({ ok: true });
    expect(readdirSync(join(w.dataDir, 'sealed-changes'))).toHaveLength(0);
    await again.sync();
    expect(await outboxState(again.ctx)).toMatchObject({ pending: 0, conflicts: [], refused: [] });
    const onServer = await server.cluster.query<{ n: string }>(`SELECT count(*) AS n FROM qa_console.tickets WHERE id = $1`, [uuid(100)], 'qa_team');
    expect(onServer[0]!.n).toBe('1');
    const audit = await server.cluster.query<{ login: string }>(`SELECT login FROM qa_console.audit_log WHERE $1 = ANY (row_ids)`, [uuid(100)], 'qa_team');
    expect(audit).toEqual([{ login: 'qa_u_s010' }]);
    await again.close();
    await w.call('signOut');
  }, 60_000);
});
