// Recurring plans set to draw automatically: checked shortly after a planner signs in and every hour after; each
// run drawn (or a plan that could not be) is announced, so nobody is surprised by a fuller queue.
import { useEffect } from 'react';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { commitDueRuns } from '@renderer/db/sampling';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';
import { mayPlanSamples } from '@renderer/domain/roles';

export function useScheduledSampling() {
  const { ctx, person } = useSession();
  const { notification } = App.useApp();
  const { t } = useTranslation();
  const planner = mayPlanSamples(person.role);
  useEffect(() => {
    if (!planner) return;
    let running = false;
    const check = async () => {
      if (running) return;
      running = true;
      try {
        for (const r of await commitDueRuns(ctx)) {
          if (r.error === undefined) notification.info({ title: t('sampling.autoDrawn', { name: r.plan, period: r.period, n: r.assigned }), key: `auto-${r.plan}-${r.period}` });
          else notification.warning({ title: t('sampling.autoFailed', { name: r.plan, period: r.period }), description: describeError(r.error).message, key: `auto-${r.plan}-${r.period}` });
        }
      } catch (e) {
        console.error('scheduled sampling failed', e);
      } finally {
        running = false;
      }
    };
    const first = window.setTimeout(check, 5_000);
    const timer = window.setInterval(check, 60 * 60_000);
    return () => {
      window.clearTimeout(first);
      window.clearInterval(timer);
    };
  }, [ctx, planner, notification, t]);
}
