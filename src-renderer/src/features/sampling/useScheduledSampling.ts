// Recurring plans set to draw automatically: checked shortly after a planner signs in and every hour after (on a
// team console only by the one console holding the job's lease); each run drawn (or a plan that could not be) is
// announced, so nobody is surprised by a fuller queue.
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { commitDueRuns } from '@renderer/db/sampling';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';
import { mayPlanSamples } from '@renderer/domain/roles';
import { useScheduledJob } from '@renderer/session/useScheduledJob';

const TIMES = { job: 'sample-runs', firstMs: 5_000, everyMs: 60 * 60_000 } as const;

export function useScheduledSampling() {
  const { ctx, person } = useSession();
  const { notification } = App.useApp();
  const { t } = useTranslation();
  useScheduledJob(mayPlanSamples(person.role), TIMES, async () => {
    for (const r of await commitDueRuns(ctx)) {
      if (r.error === undefined) notification.info({ title: t('sampling.autoDrawn', { name: r.plan, period: r.period, n: r.assigned }), key: `auto-${r.plan}-${r.period}` });
      else notification.warning({ title: t('sampling.autoFailed', { name: r.plan, period: r.period }), description: describeError(r.error).message, key: `auto-${r.plan}-${r.period}` });
    }
  });
}
