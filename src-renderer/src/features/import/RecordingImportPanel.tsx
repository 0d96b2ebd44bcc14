// Recording import: choose a folder or files (native dialog, or a typed path), see what was found, optionally
// map the recorder's metadata CSV, then analyse every file in main with progress and cancel, and read the report.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Input, List, Popconfirm, Progress, Space, Typography } from 'antd';
import { FolderOpenOutlined, FileAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { MediaScan, RecordingImportStatus, ScannedFile } from '@contract';
import { qa, QaCallError } from '@renderer/platform/qa';
import { DEFAULT_TIMESTAMP_OPTIONS } from '@renderer/domain/import/timestamps';
import { mapRecordingMetadata, RECORDING_FIELDS, suggestRecordingMapping, type RecordingMapping } from '@renderer/domain/import/recordingMetadata';
import type { SourceTable } from '@renderer/domain/import/sourceTable';
import type { ImportRun } from '@renderer/domain/model';
import { runRecordingImport, type RecordingImportApi } from '@renderer/db/recordings';
import { joinImportedLegs } from '@renderer/db/callLegs';
import { joinApi } from '@renderer/widgets/JoinLegs';
import { readSourceFile } from '@renderer/workers/sourceFile';
import { formatNumber } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { FilePicker } from './FilePicker';
import { MappingTable } from './MappingTable';
import { TimeZoneInput } from './TimeZoneInput';
import { ImportReport, IssueTable } from './ImportReport';
import { FileNamePatternCard, readNames, useStoredPattern } from './FileNamePatternCard';
import { compileFileNamePattern, mergeRecordingMeta } from '@renderer/domain/import/fileNamePattern';
import type { Directory } from '@renderer/domain/import/tickets';
import { importDirectory } from '@renderer/db/workspace';

const api: RecordingImportApi = {
  start: (files, copyToLibrary) => qa('startRecordingImport', { files, copyToLibrary }),
  status: (jobId, since) => qa('recordingImportStatus', { jobId, since }),
  cancel: (jobId) => qa('cancelRecordingImport', { jobId }),
  relink: async (recordingId, path) => void (await qa('relinkRecording', { recordingId, path })),
};

export function RecordingImportPanel() {
  const { t } = useTranslation();
  const { ctx, person } = useSession();
  const { message } = App.useApp();
  const [paths, setPaths] = useState<string[]>([]);
  const [typed, setTyped] = useState('');
  const [askPath, setAskPath] = useState(false);
  const [scan, setScan] = useState<MediaScan | null>(null);
  const [copy, setCopy] = useState(false);
  const [meta, setMeta] = useState<{ name: string; table: SourceTable } | null>(null);
  const [mapping, setMapping] = useState<RecordingMapping>({});
  const [zone, setZone] = useState(DEFAULT_TIMESTAMP_OPTIONS.zone);
  const [status, setStatus] = useState<RecordingImportStatus | null>(null);
  const [running, setRunning] = useState(false);
  const [run, setRun] = useState<ImportRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pattern, setPattern] = useStoredPattern(person.id);
  const [dir, setDir] = useState<Directory | null>(null);
  const [joinLegs, setJoinLegs] = useState(true);
  const [joined, setJoined] = useState<Awaited<ReturnType<typeof joinImportedLegs>> | null>(null);
  const compiled = useMemo(() => (pattern.trim() ? compileFileNamePattern(pattern) : null), [pattern]);
  const hasLegs = !!compiled?.ok && compiled.fields.includes('leg');
  const stop = useRef(false);
  useEffect(() => {
    void importDirectory(ctx).then(setDir);
  }, [ctx]);
  const audio = useMemo<ScannedFile[]>(() => scan?.files.filter((f) => f.kind === 'audio') ?? [], [scan]);

  /** typed: the user typed a path in this form (main reads only what was chosen in its dialog or typed here). */
  const rescan = async (next: string[], typed = false) => {
    setPaths(next);
    setError(null);
    if (!next.length) return setScan(null);
    try {
      setScan(await qa('scanMediaPaths', { paths: next, typed }));
    } catch (e) {
      setError(e instanceof QaCallError ? e.message : String(e));
    }
  };

  const choose = async (mode: 'files' | 'folder') => {
    const r = await qa('chooseMediaPaths', { mode });
    if (r.unavailable) return setAskPath(true);
    if (!r.canceled && r.paths.length) await rescan(Array.from(new Set([...paths, ...r.paths])));
  };

  const addTyped = async () => {
    const p = typed.trim();
    if (!p) return;
    setTyped('');
    await rescan(Array.from(new Set([...paths, p])), true);
  };

  const openMeta = async (f: File) => {
    setError(null);
    try {
      const { table } = await readSourceFile(new Uint8Array(await f.arrayBuffer()), f.name);
      setMeta({ name: f.name, table });
      setMapping(suggestRecordingMapping(table.header));
    } catch (e) {
      setError(t('import.cannotRead', { file: f.name, reason: e instanceof Error ? e.message : String(e) }));
    }
  };

  const start = async () => {
    stop.current = false;
    setRunning(true);
    setRun(null);
    setJoined(null);
    setError(null);
    try {
      const dir = await importDirectory(ctx);
      const csv = meta ? mapRecordingMetadata(meta.table, mapping, { ...DEFAULT_TIMESTAMP_OPTIONS, zone }, dir, audio.map((f) => f.name)) : { byFile: new Map(), issues: [] };
      // The file names' metadata fills what the CSV does not say (issue 16, item 8).
      const names = readNames(pattern, audio, zone, dir);
      const m = names ? { byFile: mergeRecordingMeta(csv.byFile, names.byFile), issues: [...names.issues, ...csv.issues] } : csv;
      const label = paths.length === 1 ? paths[0]! : t('recordings.pathsLabel', { n: paths.length });
      const r = await runRecordingImport(ctx, api, audio, {
        label,
        copyToLibrary: copy,
        meta: m.byFile,
        metaIssues: m.issues,
        actorName: person.name,
        onProgress: setStatus,
        shouldStop: () => stop.current,
      });
      // The two legs of each call, told apart by the names' {leg}, become one call (issue 16, item 7).
      if (names && hasLegs && joinLegs) setJoined(await joinImportedLegs(ctx, joinApi, names.byFile));
      setRun(r);
      void message.success(t('recordings.done', { created: formatNumber(r.counts.created), failed: formatNumber(r.counts.failed) }));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setRunning(false);
    }
  };

  const reset = () => {
    setJoined(null);
    setPaths([]);
    setScan(null);
    setMeta(null);
    setRun(null);
    setStatus(null);
  };

  if (run)
    return (
      <Card data-testid="recording-import">
        <Space direction="vertical" style={{ width: '100%' }}>
          {joined && (
            <Alert type={joined.issues.length ? 'warning' : 'success'} showIcon data-testid="legs-joined" title={t('recordings.legsJoined', { count: joined.joined })} />
          )}
          {joined && joined.issues.length > 0 && <IssueTable issues={joined.issues} height={160} />}
          <ImportReport run={run} />
          <Button type="primary" onClick={reset} data-testid="recordings-another">
            {t('import.another')}
          </Button>
        </Space>
      </Card>
    );

  const percent = status ? Math.floor(((status.done + (status.finished ? 0 : status.currentFraction)) / Math.max(1, status.total)) * 100) : 0;
  return (
    <Card data-testid="recording-import">
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        {error && <Alert type="error" showIcon closable onClose={() => setError(null)} title={error} data-testid="recording-error" />}
        <Typography.Text>{t('recordings.intro')}</Typography.Text>
        <Space wrap>
          <Button icon={<FolderOpenOutlined />} onClick={() => void choose('folder')} disabled={running} data-testid="choose-folder">
            {t('recordings.chooseFolder')}
          </Button>
          <Button icon={<FileAddOutlined />} onClick={() => void choose('files')} disabled={running} data-testid="choose-files">
            {t('recordings.chooseFiles')}
          </Button>
        </Space>
        {askPath && <Alert type="info" showIcon title={t('recordings.noDialog')} data-testid="no-dialog" />}
        <Space.Compact style={{ maxWidth: 640, width: '100%' }}>
          <Input placeholder={t('recordings.typePath')} value={typed} onChange={(e) => setTyped(e.target.value)} onPressEnter={() => void addTyped()} data-testid="recording-path" />
          <Button onClick={() => void addTyped()} data-testid="add-path">
            {t('recordings.addPath')}
          </Button>
        </Space.Compact>
        {paths.length > 0 && (
          <List
            size="small"
            bordered
            dataSource={paths}
            renderItem={(p) => (
              <List.Item actions={[<a key="x" onClick={() => void rescan(paths.filter((x) => x !== p))}>{t('recordings.remove')}</a>]}>
                <Typography.Text code>{p}</Typography.Text>
              </List.Item>
            )}
          />
        )}
        {scan && (
          <Alert
            type={audio.length ? 'info' : 'warning'}
            showIcon
            data-testid="scan-summary"
            title={t('recordings.found', {
              audio: formatNumber(audio.length),
              mb: formatNumber(audio.reduce((a, f) => a + f.bytes, 0) / 1048576, 1),
              meta: scan.files.filter((f) => f.kind === 'metadata').length,
              transcripts: scan.files.filter((f) => f.kind === 'transcript').length,
            })}
            description={scan.missing.length ? t('recordings.missing', { paths: scan.missing.join(', ') }) : scan.truncated ? t('recordings.truncated') : undefined}
          />
        )}
        <Checkbox checked={copy} onChange={(e) => setCopy(e.target.checked)} data-testid="copy-to-library">
          {t('recordings.copy')}
        </Checkbox>

        <Space>
          <span>{t('recordings.zone')}</span>
          <TimeZoneInput value={zone} onChange={setZone} testId="metadata-zone" />
        </Space>
        {scan && audio.length > 0 && <FileNamePatternCard audio={audio} dir={dir} zone={zone} pattern={pattern} onPattern={setPattern} />}
        {scan && hasLegs && (
          <Checkbox checked={joinLegs} onChange={(e) => setJoinLegs(e.target.checked)} data-testid="join-legs">
            {t('recordings.joinLegs')}
          </Checkbox>
        )}

        <Card size="small" title={t('recordings.metadata')}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <FilePicker accept=".csv,.tsv,.txt,.xlsx" testId="metadata-file" onFile={(f) => void openMeta(f)} hint={t('recordings.metadataHint')} />
            {meta && (
              <>
                <Typography.Text data-testid="metadata-summary">{t('recordings.metadataRows', { file: meta.name, n: formatNumber(meta.table.rows.length) })}</Typography.Text>
                <MappingTable
                  fields={RECORDING_FIELDS}
                  labelPrefix="recordings.fields"
                  required={['fileName']}
                  header={meta.table.header}
                  sample={meta.table.rows.slice(0, 8)}
                  mapping={mapping}
                  onChange={(f, v) => setMapping((m) => ({ ...m, [f]: v }))}
                  testId="metadata-mapping"
                />
                {scan && <MetadataCheck table={meta.table} mapping={mapping} zone={zone} audio={audio} />}
              </>
            )}
          </Space>
        </Card>

        {running && status && (
          <Card size="small" data-testid="recording-progress">
            <Typography.Text>{t('recordings.progress', { done: formatNumber(status.done), total: formatNumber(status.total), file: status.currentFile ?? '' })}</Typography.Text>
            <Progress percent={percent} status="active" />
            <Popconfirm title={t('recordings.cancelConfirm')} onConfirm={() => (stop.current = true)} okText={t('import.cancelYes')} cancelText={t('import.cancelNo')}>
              <Button danger data-testid="cancel-recordings">
                {t('import.cancel')}
              </Button>
            </Popconfirm>
          </Card>
        )}
        <Button type="primary" disabled={!audio.length || running || (!!meta && !mapping.fileName) || (!!compiled && !compiled.ok)} loading={running} onClick={() => void start()} data-testid="start-recordings">
          {t('recordings.start', { n: formatNumber(audio.length) })}
        </Button>
      </Space>
    </Card>
  );
}

/** What the metadata says before importing: rows naming files that were not chosen, bad times, unknown agents. */
function MetadataCheck({ table, mapping, zone, audio }: { table: SourceTable; mapping: RecordingMapping; zone: string; audio: ScannedFile[] }) {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const [issues, setIssues] = useState<ReturnType<typeof mapRecordingMetadata>['issues'] | null>(null);
  useEffect(() => {
    let live = true;
    void importDirectory(ctx).then((dir) => {
      if (live) setIssues(mapRecordingMetadata(table, mapping, { ...DEFAULT_TIMESTAMP_OPTIONS, zone }, dir, audio.map((f) => f.name)).issues);
    });
    return () => {
      live = false;
    };
  }, [ctx, table, mapping, zone, audio]);
  if (!issues) return null;
  if (!issues.length) return <Alert type="success" showIcon title={t('recordings.metadataClean')} />;
  return (
    <>
      <Alert type="warning" showIcon title={t('recordings.metadataIssues', { n: issues.length })} data-testid="metadata-issues" />
      <IssueTable issues={issues} height={200} />
    </>
  );
}
