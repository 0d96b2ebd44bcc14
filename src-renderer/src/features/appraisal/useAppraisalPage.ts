// The appraisal page's state and actions: the period and team chosen (kept per person), the team's sheets, the
// outbox, and locking, reviewing, syncing, reconciling and exporting, each with its errors said as messages.
import { useMemo, useState } from 'react';
import { App } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { periodContaining, previousPeriod, type Difference, type PeriodKind } from '@renderer/domain/appraisal';
import { lockPeriod, lockedRecords } from '@renderer/db/appraisalLock';
import { periodView, type Sheet } from '@renderer/db/appraisal';
import { setReviewed } from '@renderer/db/appraisalReviews';
import { outboxSummary, reconcilePeriod } from '@renderer/db/appraisalOutbox';
import { tableFile } from '@renderer/workers/tableFile';
import { useSaveFile } from '@renderer/session/useSaveFile';
import { useStoredFilter } from '@renderer/ui/useStoredFilter';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';
import { hrTable } from './hrExport';
import { consoleSigner, serverHashes, syncOnce } from './syncRunner';
import { useSyncProgress } from './useAppraisalSync';
import { mayReviewAppraisals } from '@renderer/domain/roles';
import { directoryTeams } from '@renderer/db/directory';

interface Choice {
  kind: PeriodKind;
  key: string | null;
  teamId: string | null;
}

/** The periods offered: this one and the ones before (13 months, 6 quarters, 4 years), newest first. */
function periodKeys(kind: PeriodKind, nowMs: number, zone: string): string[] {
  const count = kind === 'month' ? 13 : kind === 'quarter' ? 6 : 4;
  const out = [];
  let p = periodContaining(kind, nowMs, zone);
  for (let i = 0; i < count; i++) {
    out.push(p.key);
    p = previousPeriod(p, zone);
  }
  return out;
}

export function useAppraisalPage() {
  const { t } = useTranslation();
  const { ctx, person, settings } = useSession();
  const { message, modal } = App.useApp();
  const { saveFile } = useSaveFile();
  const zone = settings.workingCalendar.zone;
  const reviewer = mayReviewAppraisals(person.role);
  const [choice, setChoice] = useStoredFilter<Choice>(`qa.appraisal.choice.${person.id}`, { kind: 'month', key: null, teamId: null });
  const [openId, setOpenId] = useState<string | null>(null);
  const [diffs, setDiffs] = useState<{ matched: number; differences: Difference[]; checkedAt: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const progress = useSyncProgress();

  const keys = useMemo(() => periodKeys(choice.kind, Date.now(), zone), [choice.kind, zone]);
  // The default is the last finished period: appraisals are made in the first days of the next one.
  const key = choice.key && keys.includes(choice.key) ? choice.key : keys[1]!;
  const teams = useLiveQuery(async () => {
    const all = (await directoryTeams(ctx)).filter((x) => x.active && !x.deletedAt);
    return reviewer ? all : all.filter((x) => ctx.actor?.ledTeamIds.includes(x.id));
  }, [ctx, reviewer]);
  const teamId = choice.teamId && teams?.some((x) => x.id === choice.teamId) ? choice.teamId : (teams?.[0]?.id ?? null);

  const view = useLiveQuery(async () => (teamId ? periodView(ctx, teamId, key) : null), [ctx, teamId, key]);
  const outbox = useLiveQuery(() => outboxSummary(ctx), [ctx]);
  const sheet = view?.sheets.find((s) => s.person.id === openId) ?? null;

  const lock = () => {
    if (!view) return;
    modal.confirm({
      title: t('appraisal.lockTitle', { team: view.team.name, period: key }),
      content: t('appraisal.lockConfirm', { n: view.sheets.length }),
      okText: t('appraisal.lock'),
      cancelText: t('actions.cancel'),
      okButtonProps: { 'data-testid': 'lock-confirm' },
      onOk: async () => {
        try {
          const r = await lockPeriod(ctx, view.team.id, key, consoleSigner);
          message.success(t('appraisal.locked', { n: r.records }));
          if (settings.appraisalAutoSync) void syncOnce(ctx).catch(() => undefined);
        } catch (err) {
          message.error(describeError(err).message);
        }
      },
    });
  };

  const review = async (s: Sheet, reviewed: boolean) => {
    try {
      await setReviewed(ctx, view!.team.id, key, s.person.id, reviewed);
    } catch (err) {
      message.error(describeError(err).message);
    }
  };

  const syncNow = async () => {
    try {
      const r = await syncOnce(ctx, true);
      if (r.error) message.error(t('appraisal.syncFailed', { error: r.error }));
      else message.success(t('appraisal.syncDone', { inserted: r.inserted, already: r.already, conflicts: r.conflicts }));
    } catch (err) {
      message.error(describeError(err).message);
    }
  };

  const reconcile = async () => {
    setBusy('reconcile');
    try {
      setDiffs(await reconcilePeriod(ctx, key, serverHashes));
    } catch (err) {
      message.error(describeError(err).message);
    } finally {
      setBusy(null);
    }
  };

  const exportAs = async (format: 'csv' | 'xlsx') => {
    setBusy(format);
    try {
      const records = await lockedRecords(ctx, key, reviewer ? null : (teams ?? []).map((x) => x.id));
      if (!records.length) {
        message.warning(t('appraisal.nothingLocked'));
        return;
      }
      await saveFile(`appraisal-${key}.${format}`, await tableFile(hrTable(records), format), t('files.rows', { count: records.length }));
    } catch (err) {
      message.error(describeError(err).message);
    } finally {
      setBusy(null);
    }
  };

  return { reviewer, choice, setChoice, setOpenId, diffs, setDiffs, busy, progress, keys, key, teams, teamId, view, outbox, sheet, lock, review, syncNow, reconcile, exportAs };
}
