// The workspace as a whole, for the session's pages: its name (for the workers that open it), counts, settings,
// the audit chain's check, what main is told about accounts, the import directory, and the signed-in person's own
// password check. Pages use these instead of the database handle.
import type { Person } from '@renderer/domain/model';
import { mayImport, mayManagePeople, type SessionScope } from '@renderer/domain/roles';
import type { Settings } from '@renderer/domain/settings';
import type { ChainVerdict } from '@renderer/domain/auditChain';
import type { Directory } from '@renderer/domain/import/tickets';
import { requireActor } from './access';
import { AccessDenied, type RepoContext } from './context';
import { verifyAuditLog } from './audit';
import { confirmPassword, sessionScopeFor, workspaceAccounts } from './auth';
import { loadDirectory } from './imports';
import type { AccountAuthority, AccountEntry } from './passwords';
import { readSettings } from './settings';

/** The workspace's database name, for the workers that open it themselves (backup, ticket import). */
export function workspaceName(ctx: RepoContext): string {
  return ctx.db.name;
}

/** How many tickets and calls the workspace holds (the import page's and the placeholders' line). */
export async function workspaceCounts(ctx: RepoContext): Promise<{ tickets: number; recordings: number }> {
  requireActor(ctx);
  const [tickets, recordings] = await Promise.all([ctx.db.tickets.count(), ctx.db.recordings.count()]);
  return { tickets, recordings };
}

export function sessionSettings(ctx: RepoContext): Promise<Settings> {
  requireActor(ctx);
  return readSettings(ctx.db);
}

/** The audit log's hash chain checked (no content shown). */
export function checkAuditChain(ctx: RepoContext): Promise<ChainVerdict> {
  requireActor(ctx);
  return verifyAuditLog(ctx.db);
}

/** What main is told about who may sign in (after a restore). */
export function accountsForMain(ctx: RepoContext): Promise<AccountEntry[]> {
  if (!mayManagePeople(requireActor(ctx).role)) throw new AccessDenied('who may sign in is the admin’s');
  return workspaceAccounts(ctx.db);
}

/** The people directory an import matches agents against (an importer's). */
export function importDirectory(ctx: RepoContext): Promise<Directory> {
  if (!mayImport(requireActor(ctx).role)) throw new AccessDenied('importing is for supervisors and admins');
  return loadDirectory(ctx.db);
}

/** The session's scope as the database says now (what a worker acting for the person is given). */
export function currentScope(ctx: RepoContext, person: Person): Promise<SessionScope> {
  if (requireActor(ctx).personId !== person.id) throw new AccessDenied('another person’s scope');
  return sessionScopeFor(ctx.db, person);
}

/** The signed-in person's own password, checked by main (the lock screen). */
export function confirmOwnPassword(ctx: RepoContext, password: string, authority: AccountAuthority): Promise<boolean> {
  return confirmPassword(ctx.db, requireActor(ctx).personId, password, authority);
}
