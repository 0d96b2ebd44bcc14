// People and teams: created, edited and deactivated by admins; read with role scope.
import type { LeavePeriod, Person, Team, NewRecord } from '@renderer/domain/model';
import { ROLES, mayManagePeople, type Role } from '@renderer/domain/roles';
import { AccessDenied, ValidationError, newId, nowIso, type RepoContext } from './context';
import { createRecord, updateRecord } from './records';
import { readablePersonIds } from './scoped';
import { checkPassword, type AccountAuthority } from './passwords';

export interface PersonInput {
  name: string;
  email: string;
  employeeNo: string;
  teamId: string | null;
  role: Role;
  leave?: LeavePeriod[];
}

function requireAdmin(ctx: RepoContext): void {
  if (!mayManagePeople(ctx.actor?.role)) throw new AccessDenied('managing people and teams needs the admin role');
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks a person's fields; errors name the field so the form can mark it and keep what was typed. */
export async function validatePerson(ctx: RepoContext, input: PersonInput, selfId?: string): Promise<PersonInput> {
  const clean = {
    ...input,
    name: input.name.trim(),
    email: input.email.trim().toLowerCase(),
    employeeNo: input.employeeNo.trim(),
  };
  if (!clean.name) throw new ValidationError('name', 'errors.required', 'Name is required');
  if (!EMAIL.test(clean.email)) throw new ValidationError('email', 'errors.email', `"${input.email}" is not an e-mail address`);
  if (!clean.employeeNo) throw new ValidationError('employeeNo', 'errors.required', 'Employee number is required');
  if (!ROLES.includes(clean.role)) throw new ValidationError('role', 'errors.role', `Unknown role "${clean.role}"`);
  const sameEmail = await ctx.db.people.where('email').equals(clean.email).first();
  // The clash is named without the other person's name: this check also runs for the first admin, before anyone signs in.
  if (sameEmail && sameEmail.id !== selfId) throw new ValidationError('email', 'errors.emailTaken', `${clean.email} is already used by another person`);
  const sameNo = await ctx.db.people.where('employeeNo').equals(clean.employeeNo).first();
  if (sameNo && sameNo.id !== selfId)
    throw new ValidationError('employeeNo', 'errors.employeeNoTaken', `Employee number ${clean.employeeNo} is already used by another person`);
  const leave = clean.leave ?? [];
  for (const [i, l] of leave.entries()) {
    if (!DAY.test(l.from) || !DAY.test(l.to)) throw new ValidationError(`leave.${i}`, 'errors.leaveDate', `leave ${i + 1}: dates as YYYY-MM-DD`);
    if (l.to < l.from) throw new ValidationError(`leave.${i}`, 'errors.leaveOrder', `leave ${i + 1} ends before it starts`);
  }
  clean.leave = [...leave].sort((a, b) => a.from.localeCompare(b.from));
  if (clean.teamId && !(await ctx.db.teams.get(clean.teamId))) throw new ValidationError('teamId', 'errors.teamMissing', 'That team does not exist');
  return clean;
}

export async function createPerson(ctx: RepoContext, input: PersonInput, password: string, authority: AccountAuthority): Promise<Person> {
  requireAdmin(ctx);
  const clean = await validatePerson(ctx, input);
  checkPassword(password);
  const id = newId(ctx);
  const secret = await authority.setPassword(id, password, { role: clean.role, active: true });
  return ctx.db.transaction('rw', ctx.db.people, ctx.db.credentials, ctx.db.auditLog, async () => {
    const person = await createRecord<Person>(ctx, ctx.db.people, { id, ...clean, active: true, deactivatedAt: null });
    await createRecord(ctx, ctx.db.credentials, { id: person.id, ...secret, failedAttempts: 0, lockedUntil: null });
    return person;
  });
}

/**
 * Team mode: the person is written like any record (the server keeps who may sign in: the admin then provisions
 * their login there, with a one-time password); no password or credential is kept on this workstation.
 */
export async function createTeamPerson(ctx: RepoContext, input: PersonInput): Promise<Person> {
  requireAdmin(ctx);
  const clean = await validatePerson(ctx, input);
  return createRecord<Person>(ctx, ctx.db.people, { id: newId(ctx), ...clean, active: true, deactivatedAt: null });
}

/** A role or active change reaches main's account record too, so main authorises by what the admin set. */
async function tellMain(authority: AccountAuthority | undefined, p: Person): Promise<Person> {
  await authority?.register([{ personId: p.id, role: p.role, active: p.active }], false);
  return p;
}

export async function updatePerson(ctx: RepoContext, id: string, input: PersonInput, authority?: AccountAuthority): Promise<Person> {
  requireAdmin(ctx);
  const clean = await validatePerson(ctx, input, id);
  return tellMain(authority, await updateRecord<Person>(ctx, ctx.db.people, id, clean));
}

/** Deactivated people keep their history; they just cannot sign in. */
export async function setPersonActive(ctx: RepoContext, id: string, active: boolean, authority?: AccountAuthority): Promise<Person> {
  requireAdmin(ctx);
  if (!active && id === ctx.actor?.personId) throw new ValidationError('active', 'errors.selfDeactivate', 'You cannot deactivate yourself');
  const p = await updateRecord<Person>(ctx, ctx.db.people, id, { active, deactivatedAt: active ? null : nowIso(ctx) }, active ? 'reactivate' : 'deactivate');
  return tellMain(authority, p);
}

/** People the session may see: everyone for admins and supervisors, the team for a lead, oneself for staff. */
export async function listPeople(ctx: RepoContext): Promise<Person[]> {
  const ids = await readablePersonIds(ctx);
  const people = ids === null ? await ctx.db.people.toArray() : await ctx.db.people.bulkGet(ids).then((r) => r.filter((p): p is Person => !!p));
  return people.filter((p) => !p.deletedAt).sort((a, b) => a.name.localeCompare(b.name));
}

export async function listTeams(ctx: RepoContext): Promise<Team[]> {
  if (!ctx.actor) throw new AccessDenied('no signed-in session');
  return (await ctx.db.teams.toArray()).filter((t) => !t.deletedAt).sort((a, b) => a.name.localeCompare(b.name));
}

export async function saveTeam(ctx: RepoContext, input: { id?: string; name: string; leadId: string | null }): Promise<Team> {
  requireAdmin(ctx);
  const name = input.name.trim();
  if (!name) throw new ValidationError('name', 'errors.required', 'Team name is required');
  const clash = (await ctx.db.teams.where('name').equals(name).toArray()).find((t) => t.id !== input.id && !t.deletedAt);
  if (clash) throw new ValidationError('name', 'errors.teamTaken', `A team named "${name}" already exists`);
  if (input.leadId) {
    const lead = await ctx.db.people.get(input.leadId);
    if (!lead) throw new ValidationError('leadId', 'errors.personMissing', 'That person does not exist');
  }
  if (input.id) return updateRecord<Team>(ctx, ctx.db.teams, input.id, { name, leadId: input.leadId });
  const data: NewRecord<Team> = { name, leadId: input.leadId, active: true };
  return createRecord<Team>(ctx, ctx.db.teams, data);
}
