// A new console's first sync: every row the person may see comes down, table by table, with a progress bar and a
// cancel. Cancelled (or cut), it keeps its place and resumes at the next sign-in.
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RepoContext } from '@renderer/db/context';
import { pull, type PullProgress } from '@renderer/db/replica';
import { mainTeamLink } from '@renderer/platform/teamLink';
import { qa } from '@renderer/platform/qa';
import { describeError } from '@renderer/session/errors';
import { formatNumber } from '@renderer/ui/i18n';

/** Tables pulled first (REPLICATED_TABLES' order): with these in, the console can open while the rest comes. */
const DIRECTORY_TABLES = 2;

/**
 * `onDone`: the pull finished, or the person chose to open the console once the directory was in (the schedule's
 * first round then resumes the pull where this page left it, the status bar showing its progress).
 */
export function FirstSyncPage({ ctx, onDone, onCancelled }: { ctx: RepoContext; onDone: () => void; onCancelled: (percent: number) => void }) {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<PullProgress | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const stop = useRef<AbortController | null>(null);
  const percentRef = useRef(0);
  // Only the person's cancel leaves the page; an unmount's abort (or a retry's) just stops the pull.
  const byUser = useRef(false);
  const openNow = useRef(false);

  // The callbacks by reference: the pull restarts only for another replica or a retry, never on a parent's render.
  const done = useRef(onDone);
  const cancelled = useRef(onCancelled);
  done.current = onDone;
  cancelled.current = onCancelled;

  useEffect(() => {
    const abort = new AbortController();
    stop.current = abort;
    setError(null);
    void (async () => {
      try {
        const counts = await qa('teamCounts', {});
        setTotal(Object.values(counts).reduce((a, b) => a + b, 0));
        const r = await pull(ctx, mainTeamLink, { signal: abort.signal, onProgress: setProgress });
        if (abort.signal.aborted && !openNow.current && !byUser.current) return;
        if (r.complete || openNow.current) done.current();
        else if (byUser.current) cancelled.current(percentRef.current);
      } catch (e) {
        if (abort.signal.aborted) return;
        const d = describeError(e);
        setError(d.detail ? `${d.message} (${d.detail})` : d.message);
      }
    })();
    return () => abort.abort();
  }, [ctx, attempt]);

  const rows = progress?.rows ?? 0;
  const percent = total ? Math.min(99, Math.floor((rows / Math.max(1, total)) * 100)) : 0;
  percentRef.current = percent;
  return (
    <div className="qa-center">
      <Card className="qa-card" title={t('team.firstSyncTitle')} data-testid="first-sync">
        <Typography.Paragraph type="secondary">{t('team.firstSyncIntro')}</Typography.Paragraph>
        <Progress percent={percent} status={error ? 'exception' : 'active'} data-testid="first-sync-progress" />
        <Typography.Paragraph type="secondary" data-testid="first-sync-detail">
          {total === null ? t('team.counting') : t('team.firstSyncRows', { rows: formatNumber(rows), total: formatNumber(total), table: progress ? t(`team.tables.${progress.table}`, { defaultValue: progress.table }) : '' })}
        </Typography.Paragraph>
        {error && (
          <Alert
            type="error"
            showIcon
            title={error}
            style={{ marginBottom: 16 }}
            data-testid="first-sync-error"
            action={
              <Button size="small" onClick={() => setAttempt((n) => n + 1)} data-testid="first-sync-retry">
                {t('team.retry')}
              </Button>
            }
          />
        )}
        <Button
          type="primary"
          block
          style={{ marginBottom: 8 }}
          disabled={!progress || progress.tableIndex < DIRECTORY_TABLES || !!error}
          onClick={() => {
            openNow.current = true;
            stop.current?.abort();
          }}
          data-testid="first-sync-open"
        >
          {t('team.firstSyncOpen')}
        </Button>
        <Button block onClick={() => {
            byUser.current = true;
            if (error) onCancelled(percent);
            else stop.current?.abort();
          }} data-testid="first-sync-cancel">
          {t('team.firstSyncCancel')}
        </Button>
      </Card>
    </div>
  );
}
