// The repository's access rules in one place: who is acting, which roles a call is for, whose records the session
// may read, and which items (tickets, calls) it may open. Every exported repository function passes one of these
// (test/renderer/db/repositoryScope.test.ts calls each one as staff and as a lead against other people's records).
import { canReadPersonData, type Role, type SessionScope } from '@renderer/domain/roles';
import { AccessDenied, type RepoContext } from './context';

export const PLANNER_ROLES: readonly Role[] = ['admin', 'supervisor'];
export const REVIEWER_ROLES: readonly Role[] = ['admin', 'supervisor', 'lead'];

export function requireActor(ctx: RepoContext): SessionScope {
  if (!ctx.actor) throw new AccessDenied('no signed-in session');
  return ctx.actor;
}

export function requireRoles(ctx: RepoContext, roles: readonly Role[], what: string): SessionScope {
  const a = requireActor(ctx);
  if (!roles.includes(a.role)) throw new AccessDenied(`${what} is for ${roles.join(' or ')}`);
  return a;
}

export const isPlanner = (ctx: RepoContext) => !!ctx.actor && PLANNER_ROLES.includes(ctx.actor.role);

/** May the session read records of this person? No person (an unassigned item) is work material: planners only. */
export async function mayReadPerson(ctx: RepoContext, personId: string | null): Promise<boolean> {
  const a = requireActor(ctx);
  if (!personId) return PLANNER_ROLES.includes(a.role);
  const p = await ctx.db.people.get(personId);
  return canReadPersonData(a, { personId, teamId: p?.teamId ?? null });
}

export async function requireReadablePerson(ctx: RepoContext, personId: string | null, what: string): Promise<void> {
  if (!(await mayReadPerson(ctx, personId))) throw new AccessDenied(what);
}

/** Is this item in a calibration session the session's person reviews or owns? (Calibration crosses teams.) */
export async function inCalibrationSession(ctx: RepoContext, sessionId: string, itemId: string): Promise<boolean> {
  const a = requireActor(ctx);
  const s = await ctx.db.calibrationSessions.get(sessionId);
  return !!s && (s.reviewerIds.includes(a.personId) || s.ownerId === a.personId) && s.items.some((i) => i.id === itemId);
}

/** May the session open this ticket or call: its agent is readable, or it is an item of the person's calibration session. */
export async function mayReadItem(ctx: RepoContext, item: { id: string; agentId: string | null }, calibrationSessionId?: string | null): Promise<boolean> {
  if (calibrationSessionId && (await inCalibrationSession(ctx, calibrationSessionId, item.id))) return true;
  return mayReadPerson(ctx, item.agentId);
}
