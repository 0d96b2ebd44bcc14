// The notification centre: reminders about corrective actions (domain/reminders) become entries of the signed-in
// person's centre, once per fact; a start-of-day digest is one entry a day. What was newly added is returned so the
// caller can show it as a desktop notification too.
import type { AppNotification, CorrectiveAction, NewRecord } from '@renderer/domain/model';
import { digestIsEmpty, remindersFor, weekDigest, type Digest } from '@renderer/domain/reminders';
import { AccessDenied, nowIso, type RepoContext } from './context';
import { writeRecords } from './records';
import { readSettings } from './settings';
import { listActions } from './correctiveActions';

function requireActor(ctx: RepoContext) {
  if (!ctx.actor) throw new AccessDenied('no signed-in session');
  return ctx.actor;
}

export interface RefreshResult {
  /** Entries added now (not told before). */
  added: AppNotification[];
  /** Today's digest, when it was added now (the first check of the day) and has something in it. */
  digest: Digest | null;
}

/**
 * Checks the actions the signed-in person may see against the clock and adds what they have not been told yet.
 * Safe to run often and from two windows: a fact already in the centre is never added again.
 */
export async function refreshReminders(ctx: RepoContext): Promise<RefreshResult> {
  const me = requireActor(ctx);
  const now = ctx.clock();
  const settings = await readSettings(ctx.db);
  const s = { dueSoonDays: settings.actionDueSoonDays, escalateAfterDays: settings.actionEscalateAfterDays };
  const actions = await listActions(ctx);
  const byId = new Map<string, CorrectiveAction>(actions.map((a) => [a.id, a]));
  const who = { personId: me.personId, role: me.role };
  const candidates: NewRecord<AppNotification>[] = remindersFor(actions, who, s, now).map((r) => ({
    recipientId: me.personId,
    key: r.key,
    kind: r.kind,
    actionId: r.actionId,
    data: { title: byId.get(r.actionId)!.title, dueAt: r.dueAt },
    readAt: null,
  }));
  const digest = weekDigest(actions, who, s, now, settings.workingCalendar.zone);
  if (!digestIsEmpty(digest))
    candidates.push({
      recipientId: me.personId,
      key: `digest:${digest.day}`,
      kind: 'digest',
      actionId: null,
      data: { overdue: digest.overdue.length, dueThisWeek: digest.dueThisWeek.length, escalated: digest.escalated.length },
      readAt: null,
    });
  if (!candidates.length) return { added: [], digest: null };
  const added = await ctx.db.transaction('rw', ctx.db.notifications, async () => {
    const known = await ctx.db.notifications.where('[recipientId+key]').anyOf(candidates.map((c) => [me.personId, c.key])).primaryKeys();
    const seen = new Set((await ctx.db.notifications.bulkGet(known)).map((n) => n?.key));
    const fresh = candidates.filter((c) => !seen.has(c.key));
    return (await writeRecords<AppNotification>(ctx, ctx.db.notifications, { create: fresh }, { none: 'a person’s own reminders, derived from facts that are audited themselves' })).created;
  });
  return { added, digest: added.some((n) => n.kind === 'digest') ? digest : null };
}

/** The signed-in person's centre, newest first. */
export async function listNotifications(ctx: RepoContext, limit = 200): Promise<AppNotification[]> {
  const me = requireActor(ctx);
  return ctx.db.notifications
    .where('[recipientId+createdAt]')
    .between([me.personId, ''], [me.personId, '\uffff'])
    .reverse()
    .limit(limit)
    .toArray();
}

/** Marks entries read (only the signed-in person's own); all of them when no ids are given. */
export async function markNotificationsRead(ctx: RepoContext, ids?: string[]): Promise<number> {
  const me = requireActor(ctx);
  const at = nowIso(ctx);
  return ctx.db.transaction('rw', ctx.db.notifications, async () => {
    const mine = ids
      ? (await ctx.db.notifications.bulkGet(ids)).filter((n): n is AppNotification => !!n && n.recipientId === me.personId)
      : await ctx.db.notifications.where('[recipientId+createdAt]').between([me.personId, ''], [me.personId, '\uffff']).toArray();
    const unread = mine.filter((n) => !n.readAt);
    await writeRecords(ctx, ctx.db.notifications, { revise: unread.map((n) => ({ before: n, after: { ...n, readAt: at } })) }, { none: 'a person marking their own reminders read' });
    return unread.length;
  });
}
