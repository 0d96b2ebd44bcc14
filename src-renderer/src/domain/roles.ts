// Who may see whose data. The repository layer calls this for every read of a person's records.

export type Role = 'admin' | 'supervisor' | 'lead' | 'staff';
export const ROLES: readonly Role[] = ['admin', 'supervisor', 'lead', 'staff'];

export interface SessionScope {
  personId: string;
  role: Role;
  /** Teams this person leads (for a team lead); empty otherwise. */
  ledTeamIds: readonly string[];
}

export interface Owner {
  personId: string;
  teamId: string | null;
}

/** Can the session read records that belong to `owner` (evaluations, disputes, corrective actions, scores)? */
export function canReadPersonData(scope: SessionScope, owner: Owner): boolean {
  if (overseesAll(scope.role)) return true;
  if (owner.personId === scope.personId) return true;
  return leadsTeamOf(scope, owner.teamId);
}

/** Does the session lead the given team (a team lead's reach)? */
export function leadsTeamOf(scope: Pick<SessionScope, 'role' | 'ledTeamIds'>, teamId: string | null): boolean {
  return isLeadRole(scope.role) && teamId !== null && scope.ledTeamIds.includes(teamId);
}

// ---- The role policy: every decision that depends on a role is one of these named verbs (nowhere else compares roles).

/** Admins and quality supervisors oversee the whole department: they see everyone's data. */
export const overseesAll = (role: Role | null | undefined): boolean => role === 'admin' || role === 'supervisor';
/** Reviewers (admins, supervisors, team leads) score items, decide disputes, own corrective actions. */
export const mayScore = (role: Role | null | undefined): boolean => role === 'admin' || role === 'supervisor' || role === 'lead';
export const isStaffRole = (role: Role | null | undefined): boolean => role === 'staff';
export const isLeadRole = (role: Role | null | undefined): boolean => role === 'lead';
export const isAdminRole = (role: Role | null | undefined): boolean => role === 'admin';
export const isSupervisorRole = (role: Role | null | undefined): boolean => role === 'supervisor';
/** Is this still the role the session was opened with (a re-roled account loses its session)? */
export const sameRole = (a: Role | null | undefined, b: Role | null | undefined): boolean => !!a && a === b;

/** Plan sample runs, import data, manage rubrics, run calibration sessions, back up, review appraisals. */
export const mayPlanSamples = overseesAll;
export const mayImport = overseesAll;
export const mayManageRubrics = overseesAll;
export const mayRunCalibration = overseesAll;
export const mayBackUp = overseesAll;
export const mayReviewAppraisals = overseesAll;
/** Moving a record to another person (reassigning its owner). */
export const mayReassignOwner = overseesAll;
/** People, teams, credentials and who may sign in. */
export const mayManagePeople = isAdminRole;
/** The audit log: reviewers (a lead sees entries about their teams). */
export const mayReadAuditLog = mayScore;
/** Staff have their own corrective-action view, self-assessment and "mine" lists. */
export const seesOwnWorkOnly = isStaffRole;
/** A person who can be given corrective actions, follow-ups or a queue item as reviewer: not staff. */
export const mayOwnActions = mayScore;


/** The app's pages and who sees each in navigation. */
export const PAGES = [
  'home',
  'tickets',
  'calls',
  'import',
  'sampling',
  'review',
  'rubrics',
  'corrective-actions',
  'appraisal',
  'dashboards',
  'my-scores',
  'people',
  'settings',
] as const;
export type Page = (typeof PAGES)[number];

const PAGE_ROLES: Record<Page, readonly Role[]> = {
  // Where each role lands after sign-in: what waits for them today.
  home: ['admin', 'supervisor', 'lead', 'staff'],
  // Everyone may browse; the repository shows each role only the tickets and calls it may see.
  tickets: ['admin', 'supervisor', 'lead', 'staff'],
  calls: ['admin', 'supervisor', 'lead', 'staff'],
  import: ['admin', 'supervisor'],
  sampling: ['admin', 'supervisor'],
  review: ['admin', 'supervisor', 'lead'],
  rubrics: ['admin', 'supervisor'],
  'corrective-actions': ['admin', 'supervisor', 'lead', 'staff'],
  appraisal: ['admin', 'supervisor', 'lead'],
  dashboards: ['admin', 'supervisor', 'lead'],
  'my-scores': ['lead', 'staff', 'supervisor'],
  people: ['admin'],
  settings: ['admin', 'supervisor', 'lead', 'staff'],
};

export function pagesFor(role: Role): Page[] {
  return PAGES.filter((p) => PAGE_ROLES[p].includes(role));
}
