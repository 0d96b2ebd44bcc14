import { describe, expect, it } from 'vitest';
import { createFirstAdmin } from '@renderer/db/auth';
import { BackupDamaged, checkBackup, makeBackup, restoreBackup } from '@renderer/db/backup';
import { verifyAuditLog } from '@renderer/db/audit';
import { writeBackup, readBackup, listBackups } from '../../../src-main/services/backups';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QaDatabase } from '@renderer/db/database';
import { freshContext, loadSmallDemo, realHasher } from '../fixtures';

async function snapshot(db: QaDatabase) {
  const out: Record<string, unknown[]> = {};
  for (const t of db.tables) out[t.name] = await t.toArray();
  return out;
}

describe('backups', () => {
  it('export -> wipe -> restore yields identical records, through the files main writes', async () => {
    const { ctx } = await loadSmallDemo();
    const before = await snapshot(ctx.db);
    expect(before.tickets).toHaveLength(2000);

    const dir = mkdtempSync(join(tmpdir(), 'qa-backup-'));
    const info = await writeBackup(dir, await makeBackup(ctx.db, '0.1.0', new Date()), 'manual', 14);
    await Promise.all(ctx.db.tables.map((t) => t.clear()));
    expect(await ctx.db.tickets.count()).toBe(0);

    await restoreBackup(ctx.db, (await readBackup(dir, info.name)).content);
    expect(await snapshot(ctx.db)).toEqual(before);
    expect((await verifyAuditLog(ctx.db)).ok).toBe(true);
  });

  it('refuses a damaged backup with a reason and changes nothing', async () => {
    const ctx = freshContext();
    await createFirstAdmin(ctx, { name: 'Admin', email: 'a@example.com', employeeNo: '1' }, 'password-1', realHasher);
    const good = await makeBackup(ctx.db, '0.1.0', new Date());
    const cut = good.slice(0, good.length - 40);
    expect(() => checkBackup(cut)).toThrow(/not valid JSON/);
    const env = JSON.parse(good);
    env.data = env.data.replace('Admin', 'Eve');
    expect(() => checkBackup(JSON.stringify(env))).toThrow(/checksum does not match/);
    expect(() => checkBackup(JSON.stringify({ ...JSON.parse(good), schemaVersion: 99 }))).toThrow(/newer console/);
    expect(() => checkBackup('{"hello":1}')).toThrow(BackupDamaged);
    await expect(restoreBackup(ctx.db, JSON.stringify(env))).rejects.toThrow(BackupDamaged);
    expect((await ctx.db.people.toArray()).map((p) => p.name)).toEqual(['Admin']);
  });

  it('rotates scheduled backups but keeps manual ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qa-rot-'));
    for (let i = 0; i < 5; i++) await writeBackup(dir, '{}', 'scheduled', 3, new Date(Date.UTC(2026, 0, 1, i)));
    await writeBackup(dir, '{}', 'manual', 3, new Date(Date.UTC(2025, 0, 1)));
    const names = (await listBackups(dir)).map((b) => b.name);
    expect(names.filter((n) => n.endsWith('-scheduled.json'))).toEqual([
      'qa-backup-2026-01-01T04-00-00-000Z-scheduled.json',
      'qa-backup-2026-01-01T03-00-00-000Z-scheduled.json',
      'qa-backup-2026-01-01T02-00-00-000Z-scheduled.json',
    ]);
    expect(names.some((n) => n.endsWith('-manual.json'))).toBe(true);
    await expect(readBackup(dir, '../etc/passwd')).rejects.toThrow(/not a backup file name/);
  });
});
