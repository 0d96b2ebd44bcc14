// The one write path (db/records.ts, writeRecords): what it stamps, bumps and audits, that it holds in the
// caller's transaction (all or nothing), that listeners hear committed writes only, and that nothing else in the
// renderer writes a table (a scan of the source, itself checked against lines it must catch).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Team } from '@renderer/domain/model';
import { onRecordsWritten, writeRecords, type RecordsWritten } from '@renderer/db/records';
import { verifyAuditLog } from '@renderer/db/audit';
import { createRubric, saveDraft } from '@renderer/db/rubrics';
import { importWorkspace } from '../importFixtures';

const ROOT = join(__dirname, '..', '..', '..');
const SRC = join(ROOT, 'src-renderer', 'src');
/** A table or collection write: db.<table>.add/put/…, table.<write>(…), or a collection's modify/delete(). */
const TABLE_WRITE = /(?:\bdb\.[a-zA-Z]+|\btable)\s*\.\s*(?:add|put|update|delete|bulkAdd|bulkPut|bulkUpdate|bulkDelete|clear)\(|\.modify\(|\.delete\(\s*\)/;
/**
 * The write path itself, the audit log's own append (entries are only ever added, by the write path's callers), and
 * team mode's replica bookkeeping: the outbox the write path fills (sent rows leave it) and the feed's cursor —
 * workstation state, never records (the replica's records come in through records.ts's applyReplicated).
 */
const WRITE_PATH = new Set(['db/records.ts', 'db/audit.ts', 'db/replica.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

describe('the write path', () => {
  it('the scan catches table writes in every form it looks for, and not look-alikes', () => {
    for (const line of ['await ctx.db.tickets.put(t);', 'await db.ticketMessages.bulkAdd(m);', 'await table.bulkPut(rows);', 'await ctx.db.rubrics.update(id, { name });', "await db.ticketMessages.where('ticketId').anyOf(ids).delete();", 'await q.modify({ readAt })'])
      expect(line, line).toMatch(TABLE_WRITE);
    for (const line of ['seen.add(id);', 'exclude.delete(id);', "dayjs().add(7, 'day')", 'listeners.delete(l);']) expect(line, line).not.toMatch(TABLE_WRITE);
  });

  it('no file in the renderer writes a table but the write path', () => {
    const offenders = sources(SRC)
      .map((f) => relative(SRC, f).split('\\').join('/'))
      .filter((f) => !WRITE_PATH.has(f))
      .flatMap((f) => readFileSync(join(SRC, f), 'utf8').split('\n').flatMap((l, i) => (TABLE_WRITE.test(l) ? [`${f}:${i + 1}: ${l.trim()}`] : [])));
    expect(offenders).toEqual([]);
  });

  it('stamps new records, bumps changed ones, removes, and audits as planned', async () => {
    const ctx = await importWorkspace();
    const before = await ctx.db.auditLog.count();
    const { created } = await writeRecords<Team>(ctx, ctx.db.teams, { create: [{ name: 'Night shift', leadId: null, active: true }] }, { each: 'create' });
    const team = created[0]!;
    expect(team).toMatchObject({ name: 'Night shift', rev: 1, deletedAt: null, createdBy: ctx.actor!.personId });
    expect(team.createdAt).toBe(team.updatedAt);
    const { revised } = await writeRecords(ctx, ctx.db.teams, { revise: [{ before: team, after: { ...team, name: 'Night', rev: 99, createdAt: 'forged' } }] }, { each: 'rename' });
    // The base fields are the write path's: rev is the stored one + 1 and createdAt stays, whatever `after` said.
    expect(revised[0]).toMatchObject({ id: team.id, name: 'Night', rev: 2, createdAt: team.createdAt });
    expect(revised[0]!.updatedAt > team.updatedAt).toBe(true);
    expect(await ctx.db.teams.get(team.id)).toEqual(revised[0]);
    await writeRecords(ctx, ctx.db.teams, { remove: [team.id] }, { batch: { action: 'purge', entityId: team.id, after: { why: 'test' } } });
    expect(await ctx.db.teams.get(team.id)).toBeUndefined();
    await writeRecords<Team>(ctx, ctx.db.teams, { create: [{ name: 'Unaudited', leadId: null, active: true }] }, { none: 'a test of the none plan' });
    const entries = (await ctx.db.auditLog.orderBy('seq').toArray()).slice(before);
    expect(entries.map((e) => [e.action, e.entity, e.entityId])).toEqual([
      ['create', 'teams', team.id],
      ['rename', 'teams', team.id],
      ['purge', 'teams', team.id],
    ]);
    expect(entries[1]!.before).toMatchObject({ name: 'Night shift', rev: 1 });
    expect((await verifyAuditLog(ctx.db)).ok).toBe(true);
  });

  it('inside the caller’s transaction it is all or nothing, and listeners hear only what committed', async () => {
    const ctx = await importWorkspace();
    const heard: RecordsWritten[] = [];
    const stop = onRecordsWritten((w) => heard.push(w));
    try {
      const audit = await ctx.db.auditLog.count();
      await expect(
        ctx.db.transaction('rw', ctx.db.teams, ctx.db.auditLog, async () => {
          await writeRecords<Team>(ctx, ctx.db.teams, { create: [{ name: 'Doomed', leadId: null, active: true }] }, { each: 'create' });
          throw new Error('a later step fails');
        }),
      ).rejects.toThrow('a later step fails');
      expect(await ctx.db.teams.filter((t) => t.name === 'Doomed').count()).toBe(0);
      expect(await ctx.db.auditLog.count()).toBe(audit);
      expect(heard).toEqual([]);

      const ids = await ctx.db.transaction('rw', ctx.db.teams, ctx.db.auditLog, async () => {
        const a = (await writeRecords<Team>(ctx, ctx.db.teams, { create: [{ name: 'A', leadId: null, active: true }] }, { each: 'create' })).created[0]!;
        const b = (await writeRecords<Team>(ctx, ctx.db.teams, { create: [{ name: 'B', leadId: null, active: true }] }, { each: 'create' })).created[0]!;
        // Not heard yet: the transaction has not committed.
        expect(heard).toEqual([]);
        return [a.id, b.id];
      });
      expect(heard).toEqual([
        { db: ctx.db, fromServer: false, table: 'teams', created: [ids[0]], revised: [], removed: [] },
        { db: ctx.db, fromServer: false, table: 'teams', created: [ids[1]], revised: [], removed: [] },
      ]);
    } finally {
      stop();
    }
  });

  it('renaming a rubric in its draft bumps the rubric and audits the rename, with the draft, in one transaction', async () => {
    const template = JSON.parse(readFileSync(join(ROOT, 'resources/rubrics/call-handling.zh-CN.json'), 'utf8'));
    const ctx = await importWorkspace();
    const { rubric, version } = await createRubric(ctx, template);
    await saveDraft(ctx, version.id, { ...template, name: '通话质检（新版）' });
    const renamed = await ctx.db.rubrics.get(rubric.id);
    expect(renamed).toMatchObject({ name: '通话质检（新版）', rev: 2 });
    const entry = await ctx.db.auditLog.where('[entity+entityId]').equals(['rubrics', rubric.id]).last();
    expect(entry).toMatchObject({ action: 'rename' });
    expect(entry!.before).toMatchObject({ name: template.name });
    // Saving again under the same name changes the draft only.
    await saveDraft(ctx, version.id, { ...template, name: '通话质检（新版）', passingScore: 70 });
    expect((await ctx.db.rubrics.get(rubric.id))!.rev).toBe(2);
  });
});
