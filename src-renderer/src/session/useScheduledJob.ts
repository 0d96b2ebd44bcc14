// A scheduled job of the signed-in console (db/jobs): started with the session, stopped at sign-out or when it is
// switched off. On a team console it runs under the job's lease, so only one open console runs it.
import { useEffect, useRef } from 'react';
import { JobLoop, type JobOptions } from '@renderer/db/jobs';
import { leasePerRun } from '@renderer/domain/scheduledJobs';
import { useSession } from './session';

/** `on` false: the job does not run here (the role or a setting). Answers a function that runs it now if it is ours. */
export function useScheduledJob(on: boolean, opts: Omit<JobOptions, 'run' | 'eligible' | 'leasePerRun'>, run: () => Promise<void>, eligible?: () => Promise<boolean>): () => void {
  const { team } = useSession();
  const work = useRef({ run, eligible });
  work.current = { run, eligible };
  const loop = useRef<JobLoop | null>(null);
  const { job, firstMs, everyMs, onError } = opts;
  useEffect(() => {
    if (!on) return;
    const l = new JobLoop(
      { job, firstMs, everyMs, onError, leasePerRun: leasePerRun(job), run: () => work.current.run(), eligible: work.current.eligible ? () => work.current.eligible!() : undefined },
      team ? team.sync.jobs() : null,
    ).start();
    loop.current = l;
    return () => {
      loop.current = null;
      void l.stop();
    };
  }, [on, team, job, firstMs, everyMs, onError]);
  return useRef(() => void loop.current?.now()).current;
}
