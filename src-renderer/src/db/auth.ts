// First-run admin creation, sign-in with lock-out, and the session scope a signed-in person gets.
import type { Person } from '@renderer/domain/model';
import type { SessionScope } from '@renderer/domain/roles';
import { nextLockout } from '@renderer/domain/settings';
import type { QaDatabase } from './database';
import { appendAudit } from './audit';
import { ValidationError, nowIso, type RepoContext } from './context';
import { createRecord, updateRecord } from './records';
import { readSettings } from './settings';
import { validatePerson, type PersonInput } from './people';
import { checkPassword, type PasswordHasher } from './passwords';

export async function isFirstRun(db: QaDatabase): Promise<boolean> {
  return (await db.people.where('role').equals('admin').count()) === 0;
}

export async function createFirstAdmin(
  ctx: RepoContext,
  input: Omit<PersonInput, 'role' | 'teamId'>,
  password: string,
  hasher: PasswordHasher,
): Promise<Person> {
  if (!(await isFirstRun(ctx.db))) throw new ValidationError('email', 'errors.adminExists', 'An admin account already exists');
  checkPassword(password);
  const clean = await validatePerson(ctx, { ...input, role: 'admin', teamId: null });
  const secret = await hasher.hash(password);
  return ctx.db.transaction('rw', ctx.db.people, ctx.db.credentials, ctx.db.auditLog, async () => {
    const person = await createRecord<Person>(ctx, ctx.db.people, { ...clean, active: true, deactivatedAt: null });
    await createRecord(ctx, ctx.db.credentials, { id: person.id, ...secret, failedAttempts: 0, lockedUntil: null });
    return person;
  });
}

export async function sessionScopeFor(db: QaDatabase, person: Person): Promise<SessionScope> {
  const led = person.role === 'lead' ? await db.teams.where('leadId').equals(person.id).primaryKeys() : [];
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
  hasher: PasswordHasher,
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
  const good = await hasher.verify(password, cred.hash, cred.salt);
  const actorCtx: RepoContext = { ...sys, actor: { personId: person.id, role: person.role, ledTeamIds: [] } };
  if (!good) {
    const settings = await readSettings(ctx.db);
    const next = nextLockout(cred.failedAttempts, settings, now);
    await updateRecord(actorCtx, ctx.db.credentials, cred.id, next, 'sign-in-failed');
    return next.lockedUntil ? { ok: false, reason: 'locked', lockedUntil: next.lockedUntil } : { ok: false, reason: 'wrong-password' };
  }
  if (cred.failedAttempts > 0 || cred.lockedUntil) await updateRecord(actorCtx, ctx.db.credentials, cred.id, { failedAttempts: 0, lockedUntil: null }, 'reset-lockout');
  await ctx.db.transaction('rw', ctx.db.auditLog, () =>
    appendAudit(actorCtx, { action: 'sign-in', entity: 'people', entityId: person.id, after: { at: nowIso(ctx) } }),
  );
  return { ok: true, person, scope: await sessionScopeFor(ctx.db, person) };
}

/** Re-checks the password of the signed-in person (unlocking after idle lock). */
export async function confirmPassword(db: QaDatabase, personId: string, password: string, hasher: PasswordHasher): Promise<boolean> {
  const cred = await db.credentials.get(personId);
  return !!cred && (await hasher.verify(password, cred.hash, cred.salt));
}

export async function setPassword(ctx: RepoContext, personId: string, password: string, hasher: PasswordHasher): Promise<void> {
  if (ctx.actor?.role !== 'admin' && ctx.actor?.personId !== personId)
    throw new ValidationError('password', 'errors.forbidden', 'Only an admin or the person may change a password');
  checkPassword(password);
  const secret = await hasher.hash(password);
  await updateRecord(ctx, ctx.db.credentials, personId, { ...secret, failedAttempts: 0, lockedUntil: null }, 'set-password');
}
