// The work a console does on its own schedule, and who does it. In team mode each job runs under a lease on the
// server (an advisory lock) so that of all the consoles open at once exactly one runs it; department-wide jobs share
// one lease, a person's own reminders one lease per person (the same person at two workstations is reminded once).
import { mayPlanSamples, mayReviewAppraisals, type Role } from './roles';

export const SCHEDULED_JOBS = ['sample-runs', 'appraisal-push', 'reminders', 'backups'] as const;
export type ScheduledJob = (typeof SCHEDULED_JOBS)[number];

/** The lease a person's console runs the job under, or null when their role does not run it. */
export function jobLease(job: ScheduledJob, who: { personId: string; role: Role }): string | null {
  if (job === 'sample-runs') return mayPlanSamples(who.role) ? 'sample-runs' : null;
  if (job === 'appraisal-push') return mayReviewAppraisals(who.role) ? 'appraisal-push' : null;
  if (job === 'reminders') return `reminders:${who.personId}`;
  // A team console makes no local backups: the server's database is backed up by its DBA (pg_dump, PITR).
  return null;
}

/**
 * Whether a job takes its lease for each run only, rather than holding it between runs (and with it a connection to
 * the server): a person's reminders are found in the records, so the next console to run them, caught up first,
 * finds them done; the department-wide jobs keep their holder.
 */
export const leasePerRun = (job: ScheduledJob): boolean => job === 'reminders';
