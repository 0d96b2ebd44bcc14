// Background sync for quality supervisors and administrators: while signed in, locked records waiting in the outbox
// go to the appraisal database every minute (failed batches wait out their back-off), when auto-sync is on and a
// connection is set up.
import { useEffect, useState } from 'react';
import { qa } from '@renderer/platform/qa';
import { useSession } from '@renderer/session/session';
import { syncOnce, syncProgress, type SyncProgress } from './syncRunner';
import { mayReviewAppraisals } from '@renderer/domain/roles';

const EVERY_MS = 60_000;

export function useAppraisalSync() {
  const { ctx, person, settings } = useSession();
  const on = settings.appraisalAutoSync && mayReviewAppraisals(person.role);
  useEffect(() => {
    if (!on) return;
    let stopped = false;
    const tick = async () => {
      try {
        const s = await qa('getSyncSettings', {});
        if (!stopped && s.connection) await syncOnce(ctx);
      } catch {
        // The outbox records each failure with the server's words; the appraisal page shows them.
      }
    };
    const first = setTimeout(() => void tick(), 10_000);
    const timer = setInterval(() => void tick(), EVERY_MS);
    return () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [ctx, on]);
}

export function useSyncProgress(): SyncProgress {
  const [s, setS] = useState(syncProgress.get());
  useEffect(() => syncProgress.subscribe(setS), []);
  return s;
}
