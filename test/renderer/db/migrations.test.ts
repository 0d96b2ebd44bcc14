// The migration pattern: seed the database as an older version wrote it, open it with the current class, assert rows.
// Every new schema version adds a case here (seed version N-1, open, check the upgrade's result).
import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { QaDatabase } from '@renderer/db/database';
import { SCHEMA_VERSIONS, CURRENT_SCHEMA_VERSION } from '@renderer/db/schema';

async function seedAtVersion(name: string, version: number, rows: Record<string, object[]>) {
  const old = new Dexie(name);
  for (const v of SCHEMA_VERSIONS.filter((x) => x.version <= version)) old.version(v.version).stores(v.stores);
  await old.open();
  for (const [table, data] of Object.entries(rows)) await old.table(table).bulkAdd(data);
  old.close();
}

describe('schema migrations', () => {
  it('v1 data opens unchanged under the current schema', async () => {
    const name = `mig-${Date.now()}`;
    const person = { id: '0190a0a0-0000-7000-8000-000000000001', name: '张伟', email: 'z@example.com', employeeNo: 'E1', teamId: null, role: 'staff', active: true };
    await seedAtVersion(name, 1, { people: [person] });
    const db = new QaDatabase(name);
    await db.open();
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
    expect(await db.people.get(person.id)).toMatchObject(person);
    expect(db.tables.map((t) => t.name).sort()).toEqual(Object.keys(SCHEMA_VERSIONS.at(-1)!.stores).sort());
    db.close();
  });

  it('v1 -> v2: tickets and messages written by v1 are found by the new external-id and ticket indexes', async () => {
    const name = `mig2-${Date.now()}`;
    const base = { createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z', rev: 1, createdBy: null, deletedAt: null };
    const ticket = { ...base, id: 't1', source: 'zendesk', externalId: '35436', subject: '打印失败', openedAt: '2026-11-01T01:00:00Z', agentId: null, teamId: null };
    await seedAtVersion(name, 1, { tickets: [ticket], ticketMessages: [{ ...base, id: 'm1', ticketId: 't1', at: '2026-11-01T01:00:00Z', body: 'x' }] });
    const db = new QaDatabase(name);
    await db.open();
    expect(await db.tickets.where('externalId').equals('35436').count()).toBe(1);
    expect(await db.ticketMessages.where('ticketId').equals('t1').count()).toBe(1);
    expect(await db.importRuns.count()).toBe(0);
    db.close();
  });

  it('v2 -> v3: existing actions survive; the notification centre starts empty and keeps one entry per recipient and fact', async () => {
    const name = `mig3-${Date.now()}`;
    const base = { createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z', rev: 1, createdBy: null, deletedAt: null };
    await seedAtVersion(name, 2, { correctiveActions: [{ ...base, id: 'ca1', staffId: 's1', ownerId: 'l1', teamId: null, status: 'open', dueAt: '2026-11-30T16:00:00Z' }] });
    const db = new QaDatabase(name);
    await db.open();
    expect(await db.correctiveActions.where('[ownerId+status]').equals(['l1', 'open']).count()).toBe(1);
    expect(await db.notifications.count()).toBe(0);
    const n = { ...base, recipientId: 'l1', key: 'overdue:ca1:2026-11-30T16:00:00Z', kind: 'overdue' as const, actionId: 'ca1', data: {}, readAt: null };
    await db.notifications.add({ ...n, id: 'n1' });
    await expect(db.notifications.add({ ...n, id: 'n2' })).rejects.toThrow();
    await db.notifications.add({ ...n, id: 'n3', recipientId: 'sup' });
    expect(await db.notifications.count()).toBe(2);
    db.close();
  });

  it('v3 -> v4: appraisal periods by key and team (unique), assessments per period, person and kind, the outbox by what is due', async () => {
    const name = `mig4-${Date.now()}`;
    const base = { createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z', rev: 1, createdBy: null, deletedAt: null };
    await seedAtVersion(name, 3, { people: [{ ...base, id: 'p1', name: 'A', email: 'a@x', employeeNo: 'E1', teamId: 't', role: 'staff', active: true }] });
    const db = new QaDatabase(name);
    await db.open();
    expect(await db.people.count()).toBe(1);
    const period = { ...base, kind: 'month' as const, key: '2026-10', teamId: 't', start: '', end: '', status: 'open' as const, lockedAt: null, lockedById: null, reviews: {} };
    await db.appraisalPeriods.add({ ...period, id: 'ap1' });
    await expect(db.appraisalPeriods.add({ ...period, id: 'ap2' })).rejects.toThrow();
    expect(await db.appraisalPeriods.where('[key+teamId]').equals(['2026-10', 't']).count()).toBe(1);
    const a = { ...base, periodKey: '2026-10', staffId: 'p1', kind: 'self' as const, scores: { workResults: 1, attitude: 1, ability: 1 }, note: '', authorId: 'p1' };
    await db.appraisalAssessments.add({ ...a, id: 'as1' });
    await expect(db.appraisalAssessments.add({ ...a, id: 'as2' })).rejects.toThrow();
    await db.syncOutbox.add({ ...base, id: 'o1', recordId: 'r1', periodKey: '2026-10', employeeNo: 'E1', version: 1, status: 'pending', attempts: 0, lastError: null, lastAttemptAt: null, nextAttemptAt: '2026-11-01T00:00:00Z', syncedAt: null, serverHash: null });
    expect(await db.syncOutbox.where('[status+nextAttemptAt]').between(['pending', ''], ['pending', '2026-11-02']).count()).toBe(1);
    db.close();
  });

  it('v4 -> v5: tickets and import runs survive; undo snapshots are kept per run and ticket', async () => {
    const name = `mig5-${Date.now()}`;
    const base = { createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z', rev: 1, createdBy: null, deletedAt: null };
    await seedAtVersion(name, 4, { tickets: [{ ...base, id: 't1', source: 's', externalId: '1', openedAt: '2026-10-01T00:00:00Z', agentId: null, teamId: null }] });
    const db = new QaDatabase(name);
    await db.open();
    expect(await db.tickets.where('[source+externalId]').equals(['s', '1']).count()).toBe(1);
    await db.importSnapshots.add({ ...base, id: 's1', runId: 'r1', ticketId: 't1', before: (await db.tickets.get('t1'))!, messagesBefore: null });
    expect(await db.importSnapshots.where('runId').equals('r1').count()).toBe(1);
    expect(await db.importSnapshots.where('ticketId').equals('t1').count()).toBe(1);
    db.close();
  });

  it('v6 -> v7: a standalone workspace opens unchanged; the team outbox and the replica state start empty', async () => {
    const name = `mig7-${Date.now()}`;
    const base = { createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z', rev: 1, createdBy: null, deletedAt: null };
    await seedAtVersion(name, 6, { tickets: [{ ...base, id: 't1', source: 's', externalId: '1', openedAt: '2026-10-01T00:00:00Z', agentId: 'p1', teamId: null }] });
    const db = new QaDatabase(name);
    await db.open();
    expect(db.verno).toBe(7);
    expect(await db.tickets.count()).toBe(1);
    expect(await db.teamOutbox.count()).toBe(0);
    expect(await db.replicaMeta.count()).toBe(0);
    // Standalone: a write leaves nothing in the outbox.
    await db.transaction('rw', db.tickets, () => db.table('tickets').put({ ...base, id: 't2', source: 's', externalId: '2', openedAt: '2026-10-01T00:00:00Z', agentId: 'p1', teamId: null }));
    expect(await db.teamOutbox.count()).toBe(0);
    db.close();
  });

  it('v5 -> v6: tickets survive; the ones a helpdesk took out are found by that state, the others are not in the index', async () => {
    const name = `mig6-${Date.now()}`;
    const base = { createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z', rev: 1, createdBy: null, deletedAt: null };
    const ticket = { ...base, source: 's', openedAt: '2026-10-01T00:00:00Z', agentId: 'p1', teamId: null, status: 'closed' };
    await seedAtVersion(name, 5, { tickets: [{ ...ticket, id: 't1', externalId: '1' }] });
    const db = new QaDatabase(name);
    await db.open();
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
    await db.table('tickets').add({ ...ticket, id: 't2', externalId: '2', helpdeskState: 'spam' });
    expect(await db.tickets.where('helpdeskState').anyOf(['deleted', 'spam', 'merged', 'scrubbed']).primaryKeys()).toEqual(['t2']);
    expect(await db.tickets.where('[agentId+openedAt]').between(['p1', ''], ['p1', '\uffff']).count()).toBe(2);
    db.close();
  });

  it('indexes the compound keys later features query by', async () => {
    const db = new QaDatabase(`idx-${Date.now()}`);
    await db.open();
    const idx = (t: string) => db.table(t).schema.indexes.map((i) => i.name);
    expect(idx('evaluations')).toContain('[agentId+occurredAt]');
    expect(idx('appraisalRecords')).toContain('[periodId+staffId]');
    expect(idx('tickets')).toContain('[source+externalId]');
    db.close();
  });
});
