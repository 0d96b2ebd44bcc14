// Rubrics and their versions: drafts are edited, published versions are immutable (editing one starts a new draft),
// publishing retires the previous published version, retired rubrics stay for the evaluations that pinned them.
// Import/export as JSON, validated with the problems named. Supervisors and admins manage rubrics.
import { checkRubric, type RubricDefinition, type RubricProblem } from '@renderer/domain/rubric';
import type { Rubric, RubricVersion } from '@renderer/domain/model';
import { AccessDenied, newId, nowIso, ValidationError, type RepoContext } from './context';
import { createRecord, updateRecord, writeRecords } from './records';
import { requireActor } from './access';
import { mayManageRubrics } from '@renderer/domain/roles';

export class RubricInvalid extends Error {
  constructor(readonly problems: RubricProblem[]) {
    super(`The rubric has ${problems.length} problem(s): ${problems.map((p) => `${p.path || '(file)'}: ${p.message}`).join('; ')}`);
    this.name = 'RubricInvalid';
  }
}

function requireManager(ctx: RepoContext) {
  const a = ctx.actor;
  if (!a || !mayManageRubrics(a.role)) throw new AccessDenied('rubrics are managed by supervisors and admins');
  return a;
}

function validated(definition: unknown): RubricDefinition {
  const r = checkRubric(definition);
  if (!r.ok) throw new RubricInvalid(r.problems);
  return r.rubric;
}

/** A new rubric with its first version as a draft. */
export async function createRubric(ctx: RepoContext, definition: unknown): Promise<{ rubric: Rubric; version: RubricVersion }> {
  requireManager(ctx);
  const def = validated(definition);
  const id = newId(ctx);
  return ctx.db.transaction('rw', ctx.db.rubrics, ctx.db.rubricVersions, ctx.db.auditLog, async () => {
    const [rubric] = (await writeRecords<Rubric>(ctx, ctx.db.rubrics, { create: [{ id, name: def.name, status: 'active', publishedVersionId: null, latestVersion: 1 }] }, { batch: { action: 'create', entityId: id, after: { name: def.name, version: 1 } } })).created;
    const [version] = (await writeRecords<RubricVersion>(ctx, ctx.db.rubricVersions, { create: [{ rubricId: id, version: 1, status: 'draft', definition: def, publishedAt: null }] }, { none: 'the rubric’s creation entry names its first version' })).created;
    return { rubric: rubric!, version: version! };
  });
}

/** Saves a draft's definition; published and retired versions refuse (they are what evaluations were scored on). */
export async function saveDraft(ctx: RepoContext, versionId: string, definition: unknown): Promise<RubricVersion> {
  requireManager(ctx);
  const def = validated(definition);
  // The draft and the rubric's name change together: one transaction, each with its rev and audit entry.
  return ctx.db.transaction('rw', ctx.db.rubrics, ctx.db.rubricVersions, ctx.db.auditLog, async () => {
    const v = await ctx.db.rubricVersions.get(versionId);
    if (!v) throw new ValidationError('version', 'rubrics.notFound', 'rubric version not found');
    if (v.status !== 'draft') throw new ValidationError('version', 'rubrics.immutable', 'a published rubric version cannot change; edit it to start a new draft');
    const [saved] = (await writeRecords(ctx, ctx.db.rubricVersions, { revise: [{ before: v, after: { ...v, definition: def } }] }, { each: 'update' })).revised;
    const rubric = await ctx.db.rubrics.get(v.rubricId);
    if (rubric && rubric.name !== def.name) await writeRecords(ctx, ctx.db.rubrics, { revise: [{ before: rubric, after: { ...rubric, name: def.name } }] }, { each: 'rename' });
    return saved!;
  });
}

/** Editing a published rubric: a new draft version copied from it (or the existing draft, if one is open). */
export async function startNewVersion(ctx: RepoContext, rubricId: string): Promise<RubricVersion> {
  requireManager(ctx);
  const versions = await listVersions(ctx, rubricId);
  const open = versions.find((v) => v.status === 'draft');
  if (open) return open;
  const rubric = await ctx.db.rubrics.get(rubricId);
  const from = versions.find((v) => v.id === rubric?.publishedVersionId) ?? versions[0];
  if (!rubric || !from) throw new ValidationError('rubric', 'rubrics.notFound', 'rubric not found');
  const version = rubric.latestVersion + 1;
  const draft = await createRecord<RubricVersion>(ctx, ctx.db.rubricVersions, { rubricId, version, status: 'draft', definition: from.definition, publishedAt: null });
  await updateRecord<Rubric>(ctx, ctx.db.rubrics, rubricId, { latestVersion: version });
  return draft;
}

/** Publishes a draft: it becomes immutable and the version new evaluations use; the previous one is retired. */
export async function publishVersion(ctx: RepoContext, versionId: string): Promise<RubricVersion> {
  requireManager(ctx);
  const v = await ctx.db.rubricVersions.get(versionId);
  if (!v || v.status !== 'draft') throw new ValidationError('version', 'rubrics.notDraft', 'only a draft can be published');
  validated(v.definition);
  const rubric = (await ctx.db.rubrics.get(v.rubricId))!;
  if (rubric.publishedVersionId) await updateRecord<RubricVersion>(ctx, ctx.db.rubricVersions, rubric.publishedVersionId, { status: 'retired' }, 'retire');
  const published = await updateRecord<RubricVersion>(ctx, ctx.db.rubricVersions, versionId, { status: 'published', publishedAt: nowIso(ctx) }, 'publish');
  await updateRecord<Rubric>(ctx, ctx.db.rubrics, rubric.id, { publishedVersionId: versionId, status: 'active' });
  return published;
}

/** Retires a rubric: no new evaluations on it; its versions stay for the evaluations that pinned them. */
export async function retireRubric(ctx: RepoContext, rubricId: string): Promise<Rubric> {
  requireManager(ctx);
  return updateRecord<Rubric>(ctx, ctx.db.rubrics, rubricId, { status: 'retired' }, 'retire');
}

export async function duplicateRubric(ctx: RepoContext, versionId: string, name: string): Promise<{ rubric: Rubric; version: RubricVersion }> {
  const v = await ctx.db.rubricVersions.get(versionId);
  if (!v) throw new ValidationError('version', 'rubrics.notFound', 'rubric version not found');
  return createRubric(ctx, { ...v.definition, name });
}

export function exportRubric(v: RubricVersion): string {
  return JSON.stringify({ format: 'qa-console-rubric', version: 1, rubric: v.definition }, null, 1);
}

/** A rubric file exported by this console, or a bare definition (the templates); validated before anything is written. */
export async function importRubric(ctx: RepoContext, text: string): Promise<{ rubric: Rubric; version: RubricVersion }> {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new RubricInvalid([{ path: '', message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` }]);
  }
  const o = doc as { format?: string; rubric?: unknown };
  return createRubric(ctx, o && o.format === 'qa-console-rubric' ? o.rubric : doc);
}

export async function listRubrics(ctx: RepoContext): Promise<Rubric[]> {
  return (await ctx.db.rubrics.toArray()).filter((r) => !r.deletedAt).sort((a, b) => a.name.localeCompare(b.name));
}

export async function listVersions(ctx: RepoContext, rubricId: string): Promise<RubricVersion[]> {
  return (await ctx.db.rubricVersions.where('[rubricId+version]').between([rubricId, 0], [rubricId, Infinity]).toArray()).sort((a, b) => b.version - a.version);
}

/** The published versions new evaluations may use, for calls or tickets. */
export async function publishedRubrics(ctx: RepoContext): Promise<RubricVersion[]> {
  const rubrics = (await listRubrics(ctx)).filter((r) => r.status === 'active' && r.publishedVersionId);
  const versions = await ctx.db.rubricVersions.bulkGet(rubrics.map((r) => r.publishedVersionId!));
  return versions.filter((v): v is RubricVersion => !!v);
}

/** One rubric version (versions are the department's shared rules: every signed-in role reads them). */
export function rubricVersion(ctx: RepoContext, id: string): Promise<RubricVersion | undefined> {
  requireActor(ctx);
  return ctx.db.rubricVersions.get(id);
}

export function allRubricVersions(ctx: RepoContext): Promise<RubricVersion[]> {
  requireActor(ctx);
  return ctx.db.rubricVersions.toArray();
}
