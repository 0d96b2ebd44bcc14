// Settings kept in the database (so they survive restarts and go into backups).
import { DEFAULT_SETTINGS, SETTING_ROLES, type SettingKey, type Settings } from '@renderer/domain/settings';
import { requireRoles } from './access';
import type { QaDatabase } from './database';
import   { ValidationError, type RepoContext } from './context';
import { writeRecords } from './records';
import { validateValueLists, type ValueListProblem, type ValueLists } from '@renderer/domain/valueLists';
import { DEFAULT_VOCABULARIES } from '@renderer/domain/import/vocabulary';

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
    const audit = { batch: { action: 'update', entityId: key, before: before?.value ?? null, after: value } };
    await writeRecords(ctx, ctx.db.settings, before ? { revise: [{ before, after: { ...before, value, deletedAt: null } }] } : { create: [{ id: key, value }] }, audit);
  });
}

/** The company's value lists could not be saved; every problem names the list, the row and the part. */
export class ValueListsInvalid extends Error {
  constructor(readonly problems: ValueListProblem[]) {
    super(problems.map((p) => `${p.field} row ${p.row} ${p.part}: ${p.code}${p.value ? ` (${p.value})` : ''}`).join('; '));
    this.name = 'ValueListsInvalid';
  }
}

/** Saves the company's categories and statuses (admins only), refusing lists with any problem as a whole. */
export async function saveValueLists(ctx: RepoContext, lists: ValueLists): Promise<void> {
  requireRoles(ctx, SETTING_ROLES.valueLists, 'changing the value lists');
  const clean: ValueLists = {
    category: lists.category.map((e) => ({ value: e.value.trim(), labels: { en: e.labels.en.trim(), 'zh-CN': e.labels['zh-CN'].trim() }, words: [...new Set(e.words.map((w) => w.trim()).filter(Boolean))] })),
    status: lists.status.map((e) => ({
      value: e.value.trim(),
      labels: { en: e.labels.en.trim(), 'zh-CN': e.labels['zh-CN'].trim() },
      words: [...new Set(e.words.map((w) => w.trim()).filter(Boolean))],
      ...(e.meaning ? { meaning: e.meaning } : {}),
    })),
  };
  const problems = validateValueLists(clean, { category: DEFAULT_VOCABULARIES.category, status: DEFAULT_VOCABULARIES.status });
  if (problems.length) throw new ValueListsInvalid(problems);
  await writeSetting(ctx, 'valueLists', clean);
}
