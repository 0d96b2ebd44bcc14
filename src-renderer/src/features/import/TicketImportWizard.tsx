// Ticket import, step by step: choose a file (format and encoding shown, overridable), map columns (presets,
// time zone, day/month order confirmed when the column cannot tell), map unknown words and agents, preview the
// rows as they will be stored, import with progress and cancel, and read the report.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Popconfirm, Progress, Select, Space, Steps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '@renderer/session/session';
import { DEFAULT_TIMESTAMP_OPTIONS } from '@renderer/domain/import/timestamps';
import type { TicketImportOptions } from '@renderer/domain/import/tickets';
import { REQUIRED_FIELDS } from '@renderer/domain/import/mapping';
import { TEXT_ENCODINGS, type TextEncodingName } from '@renderer/domain/import/encoding';
import type { ImportRun } from '@renderer/domain/model';
import { findPreset, rememberPresetValues } from '@renderer/db/imports';
import { TicketImportSession, ImportFailed } from '@renderer/workers/ticketImportSession';
import type { DryRun, OpenedSource } from '@renderer/workers/ticketImport.worker';
import { formatNumber, i18n } from '@renderer/ui/i18n';
import { ImportReport } from './ImportReport';
import { ColumnsStep } from './ColumnsStep';
import { ValuesStep } from './ValuesStep';
import { PreviewStep } from './PreviewStep';
import { FilePicker } from './FilePicker';
import { currentScope, workspaceName } from '@renderer/db/workspace';

/** An import worker's failure in the user's words. */
function describeImportError(e: unknown): string {
  return e instanceof ImportFailed ? i18n.t(`import.unreadable.${e.code}`, { detail: e.message, defaultValue: e.message }) : String(e);
}

const EMPTY_OPTIONS: TicketImportOptions = { mapping: {}, timestamps: DEFAULT_TIMESTAMP_OPTIONS, vocabularies: {}, agentLinks: {} };

/** A source name from the file: "freshdesk-export-2026-03-05.csv" -> "freshdesk-export". */
function sourceFromFileName(name: string): string {
  return (
    name
      .replace(/\.[^.]+$/, '')
      .replace(/[-_ ]?\d{4}[-_]?\d{2}[-_]?\d{2}.*$/, '')
      .replace(/[-_ ]+$/, '') || 'helpdesk'
  );
}

export function TicketImportWizard({ onImported }: { onImported?: (run: ImportRun) => void }) {
  const { t } = useTranslation();
  const { ctx, person } = useSession();
  const { message } = App.useApp();
  const sessionRef = useRef<TicketImportSession | null>(null);
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [opened, setOpened] = useState<OpenedSource | null>(null);
  const [encoding, setEncoding] = useState<TextEncodingName | undefined>();
  const [sourceName, setSourceName] = useState('');
  const [options, setOptions] = useState<TicketImportOptions>(EMPTY_OPTIONS);
  const [presetNote, setPresetNote] = useState<string | null>(null);
  const [dryRun, setDryRun] = useState<DryRun | null>(null);
  const [orderConfirmed, setOrderConfirmed] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ phase: string; done: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [run, setRun] = useState<ImportRun | null>(null);

  const session = () => {
    if (!sessionRef.current) {
      sessionRef.current = new TicketImportSession();
      sessionRef.current.onProgress = (p) => setProgress(p);
    }
    return sessionRef.current;
  };
  useEffect(() => () => sessionRef.current?.dispose(), []);

  const reset = () => {
    sessionRef.current?.dispose();
    sessionRef.current = null;
    setStep(0);
    setFile(null);
    setOpened(null);
    setEncoding(undefined);
    setOptions(EMPTY_OPTIONS);
    setDryRun(null);
    setRun(null);
    setError(null);
    setPresetNote(null);
    setOrderConfirmed(false);
  };


  const openFile = async (f: File, enc?: TextEncodingName) => {
    setError(null);
    setBusy('open');
    setFile(f);
    try {
      // A dry run still under way in the worker (the file's previous encoding) answers "busy": wait for it (bounded).
      let src: OpenedSource | null = null;
      for (let i = 0; !src; i++) {
        try {
          src = await session().open(f, { encoding: enc });
        } catch (e) {
          if (!(e instanceof ImportFailed && e.code === 'busy') || i >= 100) throw e;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      setOpened(src);
      setEncoding(src.info.encoding ?? undefined);
      const preset = await findPreset(ctx, 'tickets', src.signature);
      if (preset) {
        setOptions({ mapping: preset.mapping, timestamps: preset.timestamps, vocabularies: preset.vocabularies, agentLinks: preset.agentLinks ?? {} });
        setSourceName(preset.source);
        setPresetNote(preset.name);
        setOrderConfirmed(true);
      } else {
        // Keep the user's choices when the same file is re-opened with another encoding.
        setOptions((o) => (enc ? o : { ...EMPTY_OPTIONS, timestamps: o.timestamps, mapping: src.suggested }));
        setSourceName((s) => (enc && s ? s : sourceFromFileName(f.name)));
        setPresetNote(null);
      }
    } catch (e) {
      setOpened(null);
      setError(t('import.cannotRead', { file: f.name, reason: describeImportError(e) }));
      sessionRef.current?.dispose();
      sessionRef.current = null;
    } finally {
      setBusy(null);
      setProgress(null);
    }
  };

  // Every change of mapping, vocabulary or agent links re-runs the dry run in the worker (debounced).
  const profileSeq = useRef(0);
  const reprofile = useCallback(async () => {
    if (!opened || !sessionRef.current) return;
    const seq = ++profileSeq.current;
    try {
      const d = await sessionRef.current.profile({ dbName: workspaceName(ctx), options, source: sourceName.trim() });
      if (seq === profileSeq.current) setDryRun(d);
    } catch (e) {
      if (e instanceof ImportFailed && e.code === 'busy') setTimeout(() => void reprofile(), 200);
      else if (seq === profileSeq.current) setError(describeImportError(e));
    }
  }, [opened, options, ctx, sourceName]);
  useEffect(() => {
    const h = setTimeout(() => void reprofile(), 250);
    return () => clearTimeout(h);
  }, [reprofile]);

  // A column that proves its day/month order sets it; one that cannot waits for the user.
  useEffect(() => {
    if (!dryRun) return;
    const found = Object.values(dryRun.profile.dates).find((p) => p && (p.proven === 'dmy' || p.proven === 'mdy'))?.proven;
    const proven = found === 'dmy' || found === 'mdy' ? found : null;
    if (proven && options.timestamps.order !== proven) {
      setOptions((o) => ({ ...o, timestamps: { ...o.timestamps, order: proven } }));
      setOrderConfirmed(true);
    }
  }, [dryRun, options.timestamps.order]);

  const needsOrder = !!dryRun && Object.values(dryRun.profile.dates).some((p) => p && p.orderDependent > 0);
  const ambiguous = !!dryRun && Object.values(dryRun.profile.dates).some((p) => p?.ambiguous);
  const missingRequired = REQUIRED_FIELDS.filter((f) => !options.mapping[f]);
  const unknownLeft = dryRun ? Object.values(dryRun.profile.unknownValues).reduce((a, l) => a + (l?.length ?? 0), 0) : 0;
  const columnsOk = missingRequired.length === 0 && (!needsOrder || !ambiguous || orderConfirmed) && sourceName.trim() !== '';

  const doImport = async () => {
    if (!file) return;
    setStep(3);
    setBusy('import');
    setError(null);
    try {
      const actor = await currentScope(ctx, person);
      const r = await session().commit({
        dbName: workspaceName(ctx),
        actor,
        options,
        meta: { fileName: file.name, bytes: file.size, source: sourceName.trim(), encoding: opened?.info.encoding ?? null, actorName: person.name },
      });
      setRun(r);
      setStep(4);
      // The preset for this header remembers the value words and agent links chosen on the way.
      if (opened) await rememberPresetValues(ctx, 'tickets', opened.signature, options).catch(() => null);
      onImported?.(r);
      void message.success(t('import.done', { created: formatNumber(r.counts.created), updated: formatNumber(r.counts.updated) }));
    } catch (e) {
      setError(describeImportError(e));
    } finally {
      setBusy(null);
      setProgress(null);
    }
  };

  const items = useMemo(
    () => ['file', 'columns', 'values', 'preview', 'report'].map((k) => ({ title: t(`import.steps.${k}`) })),
    [t],
  );

  return (
    <Card data-testid="ticket-import">
      <Steps current={step} items={items} size="small" style={{ marginBottom: 24 }} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="import-error" closable onClose={() => setError(null)} />}

      {step === 0 && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <FilePicker accept=".csv,.tsv,.txt,.xlsx,.json,.jsonl,.ndjson" testId="ticket-file" busy={busy === 'open'} onFile={(f) => void openFile(f)} hint={t('import.ticketFileHint')} />
          {busy === 'open' && progress && <Progress percent={progress.phase === 'reading' ? 30 : 70} status="active" format={() => t(`import.phase.${progress.phase}`)} />}
          {opened && file && (
            <Card size="small" data-testid="file-summary">
              <Space direction="vertical" style={{ width: '100%' }}>
                <Typography.Text>
                  {t('import.fileSummary', {
                    file: file.name,
                    rows: formatNumber(opened.rows),
                    columns: opened.header.length,
                    format: opened.info.format.toUpperCase(),
                  })}
                </Typography.Text>
                {opened.info.encoding && (
                  <Space wrap>
                    <span>{t('import.encoding')}</span>
                    <Select
                      value={encoding}
                      style={{ width: 220 }}
                      data-testid="encoding-select"
                      onChange={(v: TextEncodingName) => void openFile(file, v)}
                      options={TEXT_ENCODINGS.map((e) => ({ value: e, label: t(`import.encodings.${e}`) }))}
                    />
                    {opened.info.guess && <Typography.Text type="secondary">{t(`import.encodingReason.${opened.info.guess.reason}`)}</Typography.Text>}
                  </Space>
                )}
                {opened.info.replacements > 0 && <Alert type="warning" showIcon title={t('import.replacements', { n: formatNumber(opened.info.replacements) })} data-testid="replacement-warning" />}
                {opened.unreadableRows > 0 && <Alert type="warning" showIcon title={t('import.unreadableRows', { n: formatNumber(opened.unreadableRows) })} />}
                <SampleTable header={opened.header} rows={opened.sample} />
              </Space>
            </Card>
          )}
          <Button type="primary" disabled={!opened} onClick={() => setStep(1)} data-testid="next-columns">
            {t('import.next')}
          </Button>
        </Space>
      )}

      {step === 1 && opened && (
        <ColumnsStep
          opened={opened}
          options={options}
          setOptions={setOptions}
          sourceName={sourceName}
          setSourceName={setSourceName}
          dryRun={dryRun}
          presetNote={presetNote}
          orderConfirmed={orderConfirmed}
          setOrderConfirmed={setOrderConfirmed}
          onBack={() => setStep(0)}
          onNext={() => setStep(2)}
          canContinue={columnsOk}
          missingRequired={missingRequired}
        />
      )}

      {step === 2 && dryRun && <ValuesStep dryRun={dryRun} options={options} setOptions={setOptions} onBack={() => setStep(1)} onNext={() => setStep(3)} unknownLeft={unknownLeft} />}

      {step === 3 && dryRun && (
        <Space direction="vertical" style={{ width: '100%' }}>
          {busy === 'import' ? (
            <Card size="small" data-testid="import-progress">
              <Space direction="vertical" style={{ width: '100%' }}>
                <Typography.Text>
                  {progress?.phase === 'writing'
                    ? t('import.writing', { done: formatNumber(progress.done), total: formatNumber(progress.total) })
                    : t('import.phase.mapping')}
                </Typography.Text>
                <Progress percent={progress?.phase === 'writing' ? Math.floor((progress.done / Math.max(1, progress.total)) * 100) : 0} status="active" />
                <Popconfirm title={t('import.cancelConfirm')} onConfirm={() => sessionRef.current?.cancel()} okText={t('import.cancelYes')} cancelText={t('import.cancelNo')}>
                  <Button danger data-testid="cancel-import">
                    {t('import.cancel')}
                  </Button>
                </Popconfirm>
              </Space>
            </Card>
          ) : (
            <PreviewStep dryRun={dryRun} onBack={() => setStep(2)} onImport={() => void doImport()} blocked={unknownLeft > 0} />
          )}
        </Space>
      )}

      {step === 4 && run && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <ImportReport run={run} />
          <Button type="primary" onClick={reset} data-testid="import-another">
            {t('import.another')}
          </Button>
        </Space>
      )}
    </Card>
  );
}

function SampleTable({ header, rows }: { header: string[]; rows: string[][] }) {
  return (
    <div style={{ overflow: 'auto', maxHeight: 240 }} data-testid="sample-table">
      <table className="qa-sample">
        <thead>
          <tr>
            {header.map((h, i) => (
              <th key={i}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {header.map((_, j) => (
                <td key={j} title={r[j]}>
                  {(r[j] ?? '').slice(0, 80)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

