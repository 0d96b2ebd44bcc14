// "Load demo data" with a progress bar and cancel; used on first run and in Settings.
import { useRef, useState } from 'react';
import { Alert, Button, Progress, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { loadDemoWorkspace, type DemoLoadResult, type DemoProgress } from '@renderer/db/demo';
import { DEMO_PASSWORD } from '@renderer/domain/demoWorkspace';
import { mainAuthority, qa } from '@renderer/platform/qa';
import { formatNumber } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';

export function DemoLoader({ onFinished, onSkip }: { onFinished: (r: DemoLoadResult) => void; onSkip?: () => void }) {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const [progress, setProgress] = useState<DemoProgress | null>(null);
  const [result, setResult] = useState<DemoLoadResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);

  const start = async () => {
    abort.current = new AbortController();
    setError(null);
    setProgress({ step: 'people', done: 0, total: 1 });
    try {
      const r = await loadDemoWorkspace(ctx, {
        size: 'full',
        hasher: mainAuthority,
        writeRecordings: (specs) =>
          qa('writeDemoRecordings', { recordings: specs.map((s) => ({ id: s.id, seed: s.seed, durationSec: s.durationSec, turns: s.turns })) }),
        onProgress: setProgress,
        signal: abort.current.signal,
      });
      setResult(r);
      onFinished(r);
    } catch (e) {
      setError(abort.current.signal.aborted ? null : describeError(e).message);
    } finally {
      setProgress(null);
    }
  };

  if (result)
    return (
      <Alert
        type="success"
        showIcon
        data-testid="demo-loaded"
        title={
          result.alreadyLoaded
            ? t('settings.demoLoadedAlready')
            : t('settings.demoLoaded', {
                people: result.people,
                tickets: formatNumber(result.tickets),
                recordings: result.recordings,
                evaluations: formatNumber(result.evaluations),
                supervisor: result.supervisorEmail,
                password: DEMO_PASSWORD,
              })
        }
        action={onSkip && <Button onClick={onSkip}>{t('actions.close')}</Button>}
      />
    );
  if (progress)
    return (
      <div data-testid="demo-progress">
        <div>{t('demo.progress', { step: t(`demo.steps.${progress.step}`) })}</div>
        <Progress percent={Math.round((progress.done / Math.max(1, progress.total)) * 100)} />
        <Button onClick={() => abort.current?.abort()}>{t('demo.cancel')}</Button>
      </div>
    );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon title={error} />}
      <Space>
        <Button type="primary" onClick={start} data-testid="load-demo">
          {t('firstRun.loadDemo')}
        </Button>
        {onSkip && (
          <Button onClick={onSkip} data-testid="start-empty">
            {t('firstRun.startEmpty')}
          </Button>
        )}
      </Space>
    </Space>
  );
}
