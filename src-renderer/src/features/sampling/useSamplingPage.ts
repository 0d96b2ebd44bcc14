// The sampling page's state: the plans, recent runs with their progress, the runs due, and the preview being
// looked at (drawn with a new or a given seed, committed into the reviewers' queues), with errors said as messages.
import { useState } from 'react';
import { App } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { SamplePlan } from '@renderer/domain/model';
import { commitRun, duePlans, previewRun, runProgress, type RunPreview, recentRuns } from '@renderer/db/sampling';
import { listPlans } from '@renderer/db/samplePlans';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';

export function useSamplingPage() {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const { message } = App.useApp();
  const plans = useLiveQuery(() => listPlans(ctx), [ctx]);
  const runs = useLiveQuery(async () => {
    const list = await recentRuns(ctx);
    return { list, progress: await runProgress(ctx, list.map((r) => r.id)) };
  }, [ctx]);
  const due = useLiveQuery(() => duePlans(ctx), [ctx]);
  const [editing, setEditing] = useState<SamplePlan | 'new' | null>(null);
  const [openRun, setOpenRun] = useState<string | null>(null);
  const [preview, setPreview] = useState<RunPreview | null>(null);
  const [busy, setBusy] = useState(false);

  /** A preview with a new seed, or the one given (typed, or kept to draw the same sample again). */
  const doPreview = async (planId: string, seed?: number) => {
    setBusy(true);
    try {
      // Spot checks look at finished work: a recurring plan previews the last complete period.
      setPreview(await previewRun(ctx, planId, seed === undefined ? {} : { seed }));
    } catch (e) {
      void message.error(describeError(e).message);
    } finally {
      setBusy(false);
    }
  };
  const doCommit = async () => {
    if (!preview) return;
    setBusy(true);
    try {
      const r = await commitRun(ctx, preview);
      void message.success(t('sampling.committed', { n: r.assignments.length }));
      if (r.unassignable.length) void message.warning(t('sampling.unassignable', { n: r.unassignable.length }));
      setPreview(null);
    } catch (e) {
      void message.error(describeError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return { plans, runs, due, editing, setEditing, openRun, setOpenRun, preview, setPreview, busy, doPreview, doCommit };
}
