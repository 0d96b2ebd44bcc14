// Transcript import: WebVTT, SRT or JSON files, linked to recordings by file name (or a name inside the JSON);
// unreadable files and transcripts without a recording are reported, the rest are kept.
import { useState } from 'react';
import { Alert, App, Button, Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { parseTranscript, type ParsedTranscript } from '@renderer/domain/import/transcripts';
import type { ImportIssue } from '@renderer/domain/import/tickets';
import type { ImportRun } from '@renderer/domain/model';
import { saveTranscripts } from '@renderer/db/recordings';
import { finishImportRun, startImportRun } from '@renderer/db/imports';
import { formatNumber } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { FilePicker } from './FilePicker';
import { ImportReport } from './ImportReport';

export function TranscriptImportPanel() {
  const { t } = useTranslation();
  const { ctx, person } = useSession();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [run, setRun] = useState<ImportRun | null>(null);

  const importFiles = async (files: File[]) => {
    setBusy(true);
    try {
      const items: { fileName: string; parsed: ParsedTranscript }[] = [];
      const issues: ImportIssue[] = [];
      for (const f of files) {
        try {
          items.push({ fileName: f.name, parsed: parseTranscript(f.name, await f.text()) });
        } catch (e) {
          issues.push({ row: 0, file: f.name, column: null, code: 'transcript-unreadable', severity: 'error', detail: e instanceof Error ? e.message : String(e) });
        }
      }
      const label = files.length === 1 ? files[0]!.name : t('recordings.filesLabel', { n: files.length });
      const started = await startImportRun(ctx, { kind: 'transcripts', fileName: label, bytes: files.reduce((a, f) => a + f.size, 0), source: 'transcripts', format: 'transcript', encoding: 'utf-8', rows: files.length }, person.name);
      const saved = await saveTranscripts(ctx, items);
      const all = [...issues, ...saved.issues];
      const failed = all.filter((i) => i.severity === 'error').length;
      const r = await finishImportRun(
        ctx,
        started.id,
        'completed',
        { rows: files.length, created: saved.linked - saved.replaced, updated: saved.replaced, unchanged: 0, failed, warnings: all.length - failed },
        all,
      );
      setRun(r);
      void message.success(t('transcripts.done', { n: formatNumber(saved.linked) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card data-testid="transcript-import">
      {run ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <ImportReport run={run} />
          <Button type="primary" onClick={() => setRun(null)} data-testid="transcripts-another">
            {t('import.another')}
          </Button>
        </Space>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>{t('transcripts.intro')}</Typography.Text>
          <FilePicker accept=".vtt,.srt,.json" multiple testId="transcript-files" busy={busy} onFiles={(f) => void importFiles(f)} hint={t('transcripts.hint')} />
          <Alert type="info" showIcon title={t('transcripts.linking')} />
        </Space>
      )}
    </Card>
  );
}
