// First-run admin creation, sign-in with lock-out, and the session scope a signed-in person gets.
import type { Person } from '@renderer/domain/model';
import type { SessionScope } from '@renderer/domain/roles';
import { nextLockout } from '@renderer/domain/settings';
import type { QaDatabase } from './database';
import { appendAudit } from './audit';
import { ValidationError, newId, nowIso, type RepoContext } from './context';
import { createRecord, updateRecord } from './records';
import { readSettings } from './settings';
import { validatePerson, type PersonInput } from './people';
import { checkPassword, type AccountAuthority, type AccountEntry } from './passwords';
import { isLeadRole, mayManagePeople } from '@renderer/domain/roles';

export async function isFirstRun(db: QaDatabase): Promise<boolean> {
  return (await db.people.where('role').equals('admin').count()) === 0;
}

export async function createFirstAdmin(
  ctx: RepoContext,
  input: Omit<PersonInput, 'role' | 'teamId'>,
  password: string,
  authority: AccountAuthority,
): Promise<Person> {
  if (!(await isFirstRun(ctx.db))) throw new ValidationError('email', 'errors.adminExists', 'An admin account already exists');
  checkPassword(password);
  const clean = await validatePerson(ctx, { ...input, role: 'admin', teamId: null });
  // The id first: main records the credential under it (and, as main knows no admin yet, opens their session).
  const id = newId(ctx);
  const secret = await authority.setPassword(id, password, { role: 'admin', active: true });
  return ctx.db.transaction('rw', ctx.db.people, ctx.db.credentials, ctx.db.auditLog, async () => {
    const person = await createRecord<Person>(ctx, ctx.db.people, { id, ...clean, active: true, deactivatedAt: null });
    await createRecord(ctx, ctx.db.credentials, { id: person.id, ...secret, failedAttempts: 0, lockedUntil: null });
    return person;
  });
}

/** Every account the workspace holds, as main should know them (role, active, the stored hash). */
export async function workspaceAccounts(db: QaDatabase): Promise<AccountEntry[]> {
  const [people, creds] = await Promise.all([db.people.toArray(), db.credentials.toArray()]);
  const byId = new Map(creds.map((c) => [c.id, c]));
  return people
    .filter((p) => !p.deletedAt && byId.has(p.id))
    .map((p) => {
      const c = byId.get(p.id)!;
      return { personId: p.id, role: p.role, active: p.active, credential: { hash: c.hash, salt: c.salt, params: c.params } };
    });
}

export async function sessionScopeFor(db: QaDatabase, person: Person): Promise<SessionScope> {
  const led = isLeadRole(person.role) ? await db.teams.where('leadId').equals(person.id).primaryKeys() : [];
  return { personId: person.id, role: person.role, ledTeamIds: led };
}

export type SignInResult =
  | { ok: true; person: Person; scope: SessionScope }
  | { ok: false; reason: 'unknown' | 'wrong-password' | 'inactive' | 'locked'; lockedUntil?: string };

/** Signs in by e-mail or employee number. Every attempt, good or bad, goes to the audit log. */
export async function signIn(
  ctx: Omit<RepoContext, 'actor'>,
  login: string,
  password: string,
  authority: AccountAuthority,
): Promise<SignInResult> {
  const sys: RepoContext = { ...ctx, actor: null };
  const key = login.trim().toLowerCase();
  const person =
    (await ctx.db.people.where('email').equals(key).first()) ?? (await ctx.db.people.where('employeeNo').equals(login.trim()).first());
  const cred = person && (await ctx.db.credentials.get(person.id));
  const audit = (action: string) =>
    ctx.db.transaction('rw', ctx.db.auditLog, () =>
      appendAudit(sys, { action, entity: 'people', entityId: person?.id ?? null, actorId: person?.id ?? null, after: { login: key } }),
    );
  if (!person || !cred || person.deletedAt) {
    await audit('sign-in-failed');
    return { ok: false, reason: 'unknown' };
  }
  if (!person.active) {
    await audit('sign-in-refused-inactive');
    return { ok: false, reason: 'inactive' };
  }
  const now = ctx.clock();
  if (cred.lockedUntil && Date.parse(cred.lockedUntil) > now) {
    await audit('sign-in-refused-locked');
    return { ok: false, reason: 'locked', lockedUntil: cred.lockedUntil };
  }
  const answer = await authority.signIn(person.id, password, cred);
  const actorCtx: RepoContext = { ...sys, actor: { personId: person.id, role: person.role, ledTeamIds: [] } };
  if (!answer.ok && answer.reason === 'unknown') {
    // Main has no account for this person (it was set up before main kept accounts and has not been told).
    await audit('sign-in-failed');
    return { ok: false, reason: 'unknown' };
  }
  if (!answer.ok) {
    const settings = await readSettings(ctx.db);
    const next = nextLockout(cred.failedAttempts, settings, now);
    await updateRecord(actorCtx, ctx.db.credentials, cred.id, next, 'sign-in-failed');
    return next.lockedUntil ? { ok: false, reason: 'locked', lockedUntil: next.lockedUntil } : { ok: false, reason: 'wrong-password' };
  }
  if (cred.failedAttempts > 0 || cred.lockedUntil) await updateRecord(actorCtx, ctx.db.credentials, cred.id, { failedAttempts: 0, lockedUntil: null }, 'reset-lockout');
  // Main raised the hash's cost: keep the workspace's copy (what backups hold) in step.
  if (answer.rehash) await updateRecord(actorCtx, ctx.db.credentials, cred.id, { ...answer.rehash }, 'upgrade-password-hash');
  await ctx.db.transaction('rw', ctx.db.auditLog, () =>
    appendAudit(actorCtx, { action: 'sign-in', entity: 'people', entityId: person.id, after: { at: nowIso(ctx) } }),
  );
  return { ok: true, person, scope: await sessionScopeFor(ctx.db, person) };
}

/** Re-checks the password of the signed-in person (unlocking after idle lock). */
export async function confirmPassword(db: QaDatabase, personId: string, password: string, authority: AccountAuthority): Promise<boolean> {
  const cred = await db.credentials.get(personId);
  return !!cred && (await authority.confirm(personId, password, cred));
}

export async function setPassword(ctx: RepoContext, personId: string, password: string, authority: AccountAuthority): Promise<void> {
  if (!mayManagePeople(ctx.actor?.role) && ctx.actor?.personId !== personId)
    throw new ValidationError('password', 'errors.forbidden', 'Only an admin or the person may change a password');
  checkPassword(password);
  const person = await ctx.db.people.get(personId);
  if (!person) throw new ValidationError('personId', 'errors.personMissing', 'That person does not exist');
  const secret = await authority.setPassword(personId, password, { role: person.role, active: person.active });
  await updateRecord(ctx, ctx.db.credentials, personId, { ...secret, failedAttempts: 0, lockedUntil: null }, 'set-password');
}
