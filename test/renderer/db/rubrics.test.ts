// Rubric lifecycle in the repository: draft -> published (immutable) -> retired, new versions from published ones,
// JSON export/import with named problems, managers only, every step audited.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRubric, exportRubric, importRubric, listVersions, publishVersion, retireRubric, RubricInvalid, saveDraft, startNewVersion, publishedRubrics } from '@renderer/db/rubrics';
import { ValidationError, AccessDenied } from '@renderer/db/context';
import { createPerson } from '@renderer/db/people';
import { sessionScopeFor } from '@renderer/db/auth';
import { verifyAuditLog } from '@renderer/db/audit';
import { importWorkspace } from '../importFixtures';
import { realHasher } from '../fixtures';

const template = JSON.parse(readFileSync(join(__dirname, '..', '../../resources/rubrics/call-handling.zh-CN.json'), 'utf8'));

describe('rubric lifecycle', () => {
  it('publishes a template, refuses to change it, versions edits, retires the old version', async () => {
    const ctx = await importWorkspace();
    const { rubric, version } = await createRubric(ctx, template);
    expect(version).toMatchObject({ version: 1, status: 'draft' });
    await saveDraft(ctx, version.id, { ...template, passingScore: 85 });
    const v1 = await publishVersion(ctx, version.id);
    expect(v1).toMatchObject({ status: 'published' });
    expect(v1.definition.passingScore).toBe(85);
    await expect(saveDraft(ctx, v1.id, template)).rejects.toBeInstanceOf(ValidationError);

    const draft = await startNewVersion(ctx, rubric.id);
    expect(draft).toMatchObject({ version: 2, status: 'draft' });
    expect(await startNewVersion(ctx, rubric.id)).toMatchObject({ id: draft.id });
    await saveDraft(ctx, draft.id, { ...v1.definition, passingScore: 90 });
    await publishVersion(ctx, draft.id);
    expect((await listVersions(ctx, rubric.id)).map((v) => [v.version, v.status])).toEqual([
      [2, 'published'],
      [1, 'retired'],
    ]);
    expect((await publishedRubrics(ctx)).map((v) => v.definition.passingScore)).toEqual([90]);
    await retireRubric(ctx, rubric.id);
    expect(await publishedRubrics(ctx)).toEqual([]);
    expect((await verifyAuditLog(ctx.db)).ok).toBe(true);
    expect(await ctx.db.auditLog.where('[entity+entityId]').equals(['rubricVersions', draft.id]).count()).toBeGreaterThanOrEqual(3);
  });

  it('exports and imports JSON; a bad file is refused naming each problem; nothing is written', async () => {
    const ctx = await importWorkspace();
    const { version } = await createRubric(ctx, template);
    const copy = await importRubric(ctx, exportRubric(version));
    expect(copy.version.definition).toEqual(version.definition);
    const before = await ctx.db.rubrics.count();
    const bad = { ...template, sections: [{ ...template.sections[0], criteria: [{ ...template.sections[0].criteria[0], weight: 150 }] }] };
    const err = await importRubric(ctx, JSON.stringify(bad)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RubricInvalid);
    expect((err as RubricInvalid).problems).toContainEqual(expect.objectContaining({ path: 'sections.0.criteria.0.weight' }));
    await expect(importRubric(ctx, '{ not json')).rejects.toThrow(/not valid JSON/);
    expect(await ctx.db.rubrics.count()).toBe(before);
  });

  it('staff cannot manage rubrics', async () => {
    const ctx = await importWorkspace();
    const staff = await createPerson(ctx, { name: 'S', email: 's@example.com', employeeNo: 'S1', teamId: null, role: 'staff' }, 'password-1', realHasher);
    const asStaff = { ...ctx, actor: await sessionScopeFor(ctx.db, staff) };
    await expect(createRubric(asStaff, template)).rejects.toBeInstanceOf(AccessDenied);
  });
});
