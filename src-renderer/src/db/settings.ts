// Settings kept in the database (so they survive restarts and go into backups).
import { DEFAULT_SETTINGS, SETTING_ROLES, type SettingKey, type Settings } from '@renderer/domain/settings';
import { requireRoles } from './access';
import type { QaDatabase } from './database';
import { appendAudit } from './audit';
import { nowIso, ValidationError, type RepoContext } from './context';

export async function readSettings(db: QaDatabase): Promise<Settings> {
  const rows = await db.settings.toArray();
  const out: Settings = { ...DEFAULT_SETTINGS };
  for (const r of rows) if (r.id in out) (out as unknown as Record<string, unknown>)[r.id] = r.value;
  return out;
}

export async function writeSetting<K extends SettingKey>(ctx: RepoContext, key: K, value: Settings[K]): Promise<void> {
  if (!Object.hasOwn(SETTING_ROLES, key)) throw new ValidationError(String(key), 'errors.unknownSetting', `there is no setting "${String(key)}"`);
  requireRoles(ctx, SETTING_ROLES[key], `changing "${key}"`);
  await ctx.db.transaction('rw', ctx.db.settings, ctx.db.auditLog, async () => {
    const before = await ctx.db.settings.get(key);
    const at = nowIso(ctx);
    await ctx.db.settings.put({
      id: key,
      value,
      createdAt: before?.createdAt ?? at,
      updatedAt: at,
      rev: (before?.rev ?? 0) + 1,
      createdBy: before?.createdBy ?? ctx.actor?.personId ?? null,
      deletedAt: null,
    });
    await appendAudit(ctx, { action: 'update', entity: 'settings', entityId: key, before: before?.value ?? null, after: value });
  });
}
