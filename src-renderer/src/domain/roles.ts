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
  if (scope.role === 'admin' || scope.role === 'supervisor') return true;
  if (owner.personId === scope.personId) return true;
  if (scope.role === 'lead') return owner.teamId !== null && scope.ledTeamIds.includes(owner.teamId);
  return false;
}

/** May the session manage people and teams? */
export function canManagePeople(role: Role): boolean {
  return role === 'admin';
}

/** The app's pages and who sees each in navigation. */
export const PAGES = [
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
