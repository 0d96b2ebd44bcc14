// Background sync for quality supervisors and administrators: while signed in, locked records waiting in the outbox
// go to the appraisal database every minute (failed batches wait out their back-off), when auto-sync is on and a
// connection is set up on this workstation. On a team console one console pushes: the one holding the job's lease
// among those with a connection.
import { useEffect, useState } from 'react';
import { qa } from '@renderer/platform/qa';
import { useSession } from '@renderer/session/session';
import { syncOnce, syncProgress, type SyncProgress } from './syncRunner';
import { mayReviewAppraisals } from '@renderer/domain/roles';
import { useScheduledJob } from '@renderer/session/useScheduledJob';

// The outbox records each failure with the server's words; the appraisal page shows them.
const TIMES = { job: 'appraisal-push', firstMs: 10_000, everyMs: 60_000, onError: () => undefined } as const;

export function useAppraisalSync() {
  const { ctx, person, settings } = useSession();
  useScheduledJob(
    settings.appraisalAutoSync && mayReviewAppraisals(person.role),
    TIMES,
    async () => void (await syncOnce(ctx)),
    async () => !!(await qa('getSyncSettings', {})).connection,
  );
}

export function useSyncProgress(): SyncProgress {
  const [s, setS] = useState(syncProgress.get());
  useEffect(() => syncProgress.subscribe(setS), []);
  return s;
}
