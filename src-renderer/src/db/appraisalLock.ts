// Locking a team's finished period: every sheet becomes a version-1 record with its content hash, signature and
// outbox entry; amendments supersede a record by hash with a reason; the locked records for HR and one's own.
import Dexie from 'dexie';
import type { RecordSignatures } from '@contract';
import type { LockedAppraisalRecord, NewRecord, SyncOutboxEntry } from '@renderer/domain/model';
import {
  contentHash,
  currentVersionOf,
  type AppraisalContent,
  type RecordSignature,
} from '@renderer/domain/appraisal';
import { AccessDenied, nowIso, ValidationError, type RepoContext } from './context';
import { stampNew, writeRecords } from './records';
import { readSettings } from './settings';
import { requireActor } from './access';
import { isReviewer, mayViewTeam, periodView, type PeriodView, type Sheet } from './appraisal';

/**
 * Signs records with the console's key (main's `signAppraisalRecords`, which hashes each content itself and signs
 * only a match, for a supervisor's or admin's session); one signature per record, in order.
 */
export type Signer = (records: { content: AppraisalContent; contentHash: string }[]) => Promise<RecordSignatures>;

function signed(sig: RecordSignatures, i: number): RecordSignature {
  return { keyId: sig.keyId, publicKey: sig.publicKey, value: sig.signatures[i]! };
}

function contentOf(view: PeriodView, sheet: Sheet, lockedBy: string, at: string, config: AppraisalContent['config'], version: number, supersedesHash: string | null, amendReason: string | null): AppraisalContent {
  return {
    employeeNo: sheet.person.employeeNo,
    staffId: sheet.person.id,
    staffName: sheet.person.name,
    teamId: view.team.id,
    teamName: view.team.name,
    period: { kind: view.period.kind, key: view.period.key, start: new Date(view.period.start).toISOString(), end: new Date(view.period.end).toISOString() },
    version,
    supersedesHash,
    amendReason,
    figures: sheet.figures,
    config,
    composite: sheet.composite,
    lockedAt: at,
    lockedBy,
  };
}

function outboxEntry(ctx: RepoContext, rec: LockedAppraisalRecord): NewRecord<SyncOutboxEntry> {
  return {
    recordId: rec.id,
    periodKey: rec.content.period.key,
    employeeNo: rec.content.employeeNo,
    version: rec.version,
    status: 'pending',
    attempts: 0,
    lastError: null,
    lastAttemptAt: null,
    nextAttemptAt: nowIso(ctx),
    syncedAt: null,
    serverHash: null,
  };
}

async function lockerName(ctx: RepoContext): Promise<string> {
  const p = await ctx.db.people.get(requireActor(ctx).personId);
  return p ? `${p.name} <${p.email}>` : requireActor(ctx).personId;
}

/**
 * Locks a team's finished period: every sheet becomes a version-1 record with its content hash and an outbox entry,
 * in one transaction with the period's status. Needs every sheet reviewed (the lead's and the supervisor's mark).
 */
export async function lockPeriod(ctx: RepoContext, teamId: string, key: string, sign: Signer): Promise<{ records: number }> {
  if (!isReviewer(ctx)) throw new AccessDenied('a period is locked by a quality supervisor');
  const view = await periodView(ctx, teamId, key);
  if (view.row?.status === 'locked') throw new ValidationError('period', 'appraisal.errors.locked', `${key} is already locked for ${view.team.name}`);
  if (!view.over) throw new ValidationError('period', 'appraisal.errors.notOver', `${key} has not ended yet`);
  if (!view.sheets.length) throw new ValidationError('period', 'appraisal.errors.noStaff', `${view.team.name} has no staff to appraise`);
  if (view.unreviewed.length) throw new ValidationError('reviews', 'appraisal.errors.unreviewed', `${view.unreviewed.length} sheet(s) still need a review`);
  const settings = await readSettings(ctx.db);
  const by = await lockerName(ctx);
  const at = nowIso(ctx);
  const row = view.row!;
  const contents = view.sheets.map((s) => contentOf(view, s, by, at, settings.appraisal, 1, null, null));
  const hashes = contents.map(contentHash);
  // Signed before the transaction (a call to main cannot run inside an IndexedDB transaction).
  const sig = await sign(contents.map((content, i) => ({ content, contentHash: hashes[i]! })));
  const records = contents.map((content, i) =>
    stampNew<LockedAppraisalRecord>(ctx, { periodId: row.id, staffId: content.staffId, version: 1, content, contentHash: hashes[i]!, signature: signed(sig, i) }),
  );
  await ctx.db.transaction('rw', [ctx.db.appraisalPeriods, ctx.db.appraisalRecords, ctx.db.syncOutbox, ctx.db.auditLog], async () => {
    const before = await ctx.db.appraisalPeriods.get(row.id);
    if (!before || before.rev !== row.rev) throw new ValidationError('period', 'appraisal.errors.changed', 'the period changed meanwhile; look again before locking');
    await writeRecords(ctx, ctx.db.appraisalRecords, { create: records }, { none: 'named, with their hashes, in the period’s lock entry below' });
    await writeRecords(ctx, ctx.db.syncOutbox, { create: records.map((r) => outboxEntry(ctx, r)) }, { none: 'the outbox of the records the lock entry names' });
    const audit = { batch: { action: 'lock', entityId: row.id, before: { status: before.status }, after: { status: 'locked', records: records.map((r) => ({ staffId: r.staffId, contentHash: r.contentHash })) } } };
    await writeRecords(ctx, ctx.db.appraisalPeriods, { revise: [{ before, after: { ...before, status: 'locked', lockedAt: at, lockedById: requireActor(ctx).personId } }] }, audit);
  });
  return { records: records.length };
}

/**
 * An amendment: the person's figures changed after the lock (a late evaluation, an adjusted dispute, an assessment),
 * so a new version is locked that names the hash of the one it supersedes, with the reason. The old one stays.
 */
export async function amendRecord(ctx: RepoContext, teamId: string, key: string, staffId: string, reason: string, sign: Signer): Promise<LockedAppraisalRecord> {
  if (!isReviewer(ctx)) throw new AccessDenied('an amendment is made by a quality supervisor');
  if (!reason.trim()) throw new ValidationError('reason', 'appraisal.errors.reasonRequired', 'an amendment needs a reason');
  const view = await periodView(ctx, teamId, key);
  const sheet = view.sheets.find((s) => s.person.id === staffId);
  if (!sheet?.current) throw new ValidationError('staffId', 'appraisal.errors.notLocked', 'there is no locked record to amend');
  if (!sheet.changedSinceLock) throw new ValidationError('staffId', 'appraisal.errors.unchanged', 'nothing changed since the record was locked');
  const settings = await readSettings(ctx.db);
  const cur = sheet.current;
  const content = contentOf(view, sheet, await lockerName(ctx), nowIso(ctx), settings.appraisal, cur.version + 1, cur.contentHash, reason.trim());
  const hash = contentHash(content);
  const rec = stampNew<LockedAppraisalRecord>(ctx, { periodId: cur.periodId, staffId, version: cur.version + 1, content, contentHash: hash, signature: signed(await sign([{ content, contentHash: hash }]), 0) });
  await ctx.db.transaction('rw', [ctx.db.appraisalRecords, ctx.db.syncOutbox, ctx.db.auditLog], async () => {
    // The unique [periodId+staffId+version] index refuses a second amendment of the same version made meanwhile.
    const audit = { batch: { action: 'amend', entityId: rec.id, before: { version: cur.version, contentHash: cur.contentHash }, after: { version: rec.version, contentHash: rec.contentHash, reason: reason.trim() } } };
    await writeRecords(ctx, ctx.db.appraisalRecords, { create: [rec] }, audit);
    await writeRecords(ctx, ctx.db.syncOutbox, { create: [outboxEntry(ctx, rec)] }, { none: 'the outbox of the amendment audited above' });
  });
  return rec;
}

/** Every locked record of a period the session may see, current versions only unless `all`, for HR exports. */
export async function lockedRecords(ctx: RepoContext, key: string, teamIds: string[] | null, all = false): Promise<LockedAppraisalRecord[]> {
  const rows = (await ctx.db.appraisalPeriods.where('[key+teamId]').between([key, Dexie.minKey], [key, Dexie.maxKey]).toArray()).filter(
    (r) => (teamIds === null || teamIds.includes(r.teamId)) && mayViewTeam(ctx, r.teamId),
  );
  const records = rows.length ? await ctx.db.appraisalRecords.where('periodId').anyOf(rows.map((r) => r.id)).toArray() : [];
  if (all) return records.sort((a, b) => a.content.employeeNo.localeCompare(b.content.employeeNo) || a.version - b.version);
  const byStaff = new Map<string, LockedAppraisalRecord>();
  for (const r of records) {
    const k = `${r.periodId}/${r.staffId}`;
    if (!byStaff.has(k) || byStaff.get(k)!.version < r.version) byStaff.set(k, r);
  }
  return [...byStaff.values()].sort((a, b) => a.content.employeeNo.localeCompare(b.content.employeeNo));
}

/** The records behind a sheet's figures (for its drill-downs), for a session that may see the person's team. */

export async function myRecord(ctx: RepoContext, key: string): Promise<LockedAppraisalRecord | null> {
  const a = requireActor(ctx);
  const mine = await ctx.db.appraisalRecords.where('staffId').equals(a.personId).toArray();
  return currentVersionOf(mine.filter((r) => r.content.period.key === key));
}
