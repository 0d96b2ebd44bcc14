// A shared workstation's sign-out (issue 19, item 6): the person's replica is deleted, and the changes it had not
// sent (the server away) are kept by main sealed for that login alone: not readable in the file, not given to the
// next person's sign-in, given back to the same person's next sign-in here, sent once from their new replica.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRecord } from '@renderer/db/records';
import { leaveReplica, outboxState, removeOtherReplicas, restoreSealedChanges } from '@renderer/db/replica';
import { QaDatabase } from '@renderer/db/database';
import { REPLICA_PREFIX } from '@renderer/domain/replication';
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
    const sealedFiles = () => readdirSync(join(w.dataDir, 'sealed-changes')).filter((f) => f.endsWith('.sealed'));
    const files = sealedFiles();
    expect(files).toHaveLength(1);
    const sealedText = readFileSync(join(w.dataDir, 'sealed-changes', files[0]!), 'utf8');
    expect(sealedText).not.toContain('机密');
    expect(sealedText).not.toContain(uuid(100));
    expect(await w.call('signOut')).toMatchObject({ ok: true });

    // The next person at the PC: nothing of the supervisor's for them, and their own "none" leaves the other's be.
    expect(await w.call('teamSignIn', { employeeNo: 'P021', password: TEAM_PW })).toMatchObject({ ok: true });
    expect(await w.call('teamSealedChanges')).toEqual({ ok: true, value: { rows: [] } });
    expect(await w.call('teamSealChanges', { rows: [] })).toMatchObject({ ok: true });
    expect(sealedFiles()).toHaveLength(1);
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
    expect(sealedFiles()).toHaveLength(0);
    await again.sync();
    expect(await outboxState(again.ctx)).toMatchObject({ pending: 0, conflicts: [], refused: [] });
    const onServer = await server.cluster.query<{ n: string }>(`SELECT count(*) AS n FROM qa_console.tickets WHERE id = $1`, [uuid(100)], 'qa_team');
    expect(onServer[0]!.n).toBe('1');
    const audit = await server.cluster.query<{ login: string }>(`SELECT login FROM qa_console.audit_log WHERE $1 = ANY (row_ids)`, [uuid(100)], 'qa_team');
    expect(audit).toEqual([{ login: 'qa_u_s010' }]);
    await again.close();
    await w.call('signOut');
  }, 60_000);

  it('a console closed without signing out: the next person’s sign-in seals its unsent changes for their owner and deletes the replica', async () => {
    const conn = { ...server.config, tls: 'disable' as const };
    const w = workstation();
    expect(await w.call('teamJoin', { connection: conn })).toMatchObject({ ok: true });
    expect(await w.call('teamSignIn', { employeeNo: 'S010', password: TEAM_PW })).toMatchObject({ ok: true });
    // The supervisor's replica, named as the window names it, with a change the server never got.
    const owner = `qa_u_s010@${conn.host}:${conn.port}/${conn.database}`;
    const sup = await teamConsole(conn, 'S010', SUP, 'supervisor');
    await sup.session.close();
    sup.port.offline = true;
    await createRecord<Ticket>(sup.ctx, sup.ctx.db.tickets, { id: uuid(101), source: 'helpdesk', externalId: 'T-2', subject: SECRET, channel: 'email', priority: 'normal', category: 'system-fault', status: 'closed', agentId: P1, teamId: T1, openedAt: '2026-11-01T08:00:00.000Z', reopenedCount: 0 } as never);
    const rows = await sup.ctx.db.teamOutbox.toArray();
    sup.ctx.db.close();
    const crashed = new QaDatabase(`${REPLICA_PREFIX}${owner}`);
    await crashed.open();
    await crashed.tickets.bulkPut(await readAll(sup.ctx.db.name, 'tickets'));
    await crashed.teamOutbox.bulkAdd(rows.map(({ seq: _s, ...r }) => r));
    crashed.close();
    await Dexie.delete(sup.ctx.db.name);

    // The window is gone (no sign-out); the staff member signs in at the same PC.
    expect(await w.call('teamSignIn', { employeeNo: 'P021', password: TEAM_PW })).toMatchObject({ ok: true });
    // Bad input: a replica of someone whose sign-in was not left open here is refused, nothing kept for them.
    expect(await w.call('teamSealOtherReplica', { replica: `${REPLICA_PREFIX}qa_u_a001@${conn.host}:${conn.port}/${conn.database}`, rows })).toMatchObject({ ok: false, error: { code: 'forbidden', where: 'replica' } });
    const staffName = `${REPLICA_PREFIX}qa_u_p021@${conn.host}:${conn.port}/${conn.database}`;
    const done = await removeOtherReplicas(staffName, undefined, async (replica, r) => {
      const answer = await w.call('teamSealOtherReplica', { replica, rows: r });
      if (!answer.ok) throw new Error(JSON.stringify(answer));
    });
    expect(done.sealed).toEqual([`${REPLICA_PREFIX}${owner}`]);
    expect(done.kept).toEqual([]);
    expect(await Dexie.getDatabaseNames()).not.toContain(`${REPLICA_PREFIX}${owner}`);
    // Once only: the mark is used up, so the page cannot plant more changes for the supervisor.
    expect(await w.call('teamSealOtherReplica', { replica: `${REPLICA_PREFIX}${owner}`, rows })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await w.call('teamSealedChanges')).toEqual({ ok: true, value: { rows: [] } });
    expect(await w.call('signOut')).toMatchObject({ ok: true });

    // The supervisor's next sign-in here gets the change and sends it once.
    expect(await w.call('teamSignIn', { employeeNo: 'S010', password: TEAM_PW })).toMatchObject({ ok: true });
    const kept = (await w.call('teamSealedChanges')) as { ok: true; value: { rows: Record<string, unknown>[] } };
    expect(kept.value.rows.map((r) => r.recordId)).toEqual([uuid(101)]);
    const again = await teamConsole(conn, 'S010', SUP, 'supervisor');
    await restoreSealedChanges(again.ctx, kept.value.rows);
    await w.call('teamSealChanges', { rows: [] });
    await again.sync();
    expect(await outboxState(again.ctx)).toMatchObject({ pending: 0, conflicts: [], refused: [] });
    const onServer = await server.cluster.query<{ n: string }>(`SELECT count(*) AS n FROM qa_console.tickets WHERE id = $1`, [uuid(101)], 'qa_team');
    expect(onServer[0]!.n).toBe('1');
    await again.close();
    await w.call('signOut');
  }, 60_000);
});

async function readAll(name: string, table: string): Promise<never[]> {
  const db = new QaDatabase(name);
  await db.open();
  try {
    return (await (db as unknown as Record<string, { toArray(): Promise<never[]> }>)[table]!.toArray());
  } finally {
    db.close();
  }
}
