// Metadata in the recordings' file names: a pattern the user types or accepts from a suggestion, checked as it is
// typed (an unknown placeholder is named with its place), with what the first files read as and every file that
// does not follow it. The last pattern is kept per person, so the next import of the same recorder starts with it.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Input, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ScannedFile } from '@contract';
import { compileFileNamePattern, metadataFromFileNames, suggestFileNamePattern, NAME_FIELDS, type NameMeta } from '@renderer/domain/import/fileNamePattern';
import { DEFAULT_TIMESTAMP_OPTIONS } from '@renderer/domain/import/timestamps';
import type { Directory, ImportIssue } from '@renderer/domain/import/tickets';
import { formatDateTime, formatNumber } from '@renderer/ui/i18n';
import { baseName } from '@renderer/domain/import/transcripts';
import { IssueTable } from './ImportReport';

export const patternStorageKey = (personId: string) => `qa.recordings.namePattern.${personId}`;

export function FileNamePatternCard({
  audio,
  dir,
  zone,
  pattern,
  onPattern,
}: {
  audio: ScannedFile[];
  dir: Directory | null;
  zone: string;
  pattern: string;
  onPattern: (p: string) => void;
}) {
  const { t } = useTranslation();
  const names = useMemo(() => audio.map((f) => f.name), [audio]);
  const suggested = useMemo(() => suggestFileNamePattern(names), [names]);
  const compiled = useMemo(() => (pattern.trim() ? compileFileNamePattern(pattern) : null), [pattern]);
  const read = useMemo(() => (dir ? readNames(pattern, audio, zone, dir) : null), [pattern, dir, audio, zone]);
  const people = useMemo(() => new Map(dir?.people.map((p) => [p.id, p.name]) ?? []), [dir]);
  const unmatched = read?.issues.filter((i) => i.code === 'name-unmatched').length ?? 0;
  const rows = useMemo(
    () => (read ? names.slice(0, 5).map((n) => ({ file: n, meta: read.byFile.get(baseName(n)) ?? null })) : []),
    [read, names],
  );
  return (
    <Card size="small" title={t('recordings.names.title')} data-testid="name-pattern-card">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('recordings.names.help', { fields: NAME_FIELDS.map((f) => `{${f}}`).join(' ') })}</Typography.Text>
        <Input
          value={pattern}
          onChange={(e) => onPattern(e.target.value)}
          placeholder="{*}_AGENT_{agent}_DT_{start}"
          allowClear
          style={{ fontFamily: 'monospace', maxWidth: 640 }}
          data-testid="name-pattern"
          aria-label={t('recordings.names.title')}
        />
        {suggested && suggested !== pattern.trim() && (
          <Space wrap>
            <Typography.Text>{t('recordings.names.suggested')}</Typography.Text>
            <Typography.Text code data-testid="suggested-pattern">
              {suggested}
            </Typography.Text>
            <Button size="small" onClick={() => onPattern(suggested)} data-testid="use-suggested-pattern">
              {t('recordings.names.use')}
            </Button>
          </Space>
        )}
        {compiled && !compiled.ok && (
          <Alert
            type="error"
            showIcon
            data-testid="name-pattern-error"
            title={t(`recordings.names.error.${compiled.error.code}`, { value: compiled.error.value ?? '', at: compiled.error.at + 1, fields: NAME_FIELDS.map((f) => `{${f}}`).join(' ') })}
          />
        )}
        {read && (
          <>
            <Alert
              type={unmatched ? 'warning' : 'success'}
              showIcon
              data-testid="name-summary"
              title={t('recordings.names.summary', { matched: formatNumber(names.length - unmatched), total: formatNumber(names.length) })}
            />
            <Table
              size="small"
              pagination={false}
              rowKey="file"
              data-testid="name-preview"
              dataSource={rows}
              columns={[
                { title: t('recordings.fields.fileName'), dataIndex: 'file', ellipsis: true },
                { title: t('recordings.fields.agent'), render: (_, r) => (r.meta?.agentId ? people.get(r.meta.agentId) : '') },
                { title: t('recordings.fields.startedAt'), render: (_, r) => (r.meta?.startedAt ? formatDateTime(r.meta.startedAt) : '') },
                { title: t('recordings.fields.customerNumber'), render: (_, r) => r.meta?.customerNumber ?? '' },
                { title: t('recordings.fields.direction'), render: (_, r) => (r.meta?.direction ? t(`calls.direction.${r.meta.direction}`) : '') },
                { title: t('recordings.names.leg'), render: (_, r) => (r.meta?.leg ? <Tag>{t(`recordings.names.side.${r.meta.leg.side}`)}</Tag> : '') },
              ]}
            />
            {read.issues.length > 0 && <IssueTable issues={read.issues} height={160} />}
          </>
        )}
      </Space>
    </Card>
  );
}

/** The pattern's reading of the chosen files, or nothing when there is no usable pattern. */
export function readNames(pattern: string, audio: ScannedFile[], zone: string, dir: Directory): { byFile: Map<string, NameMeta>; issues: ImportIssue[] } | null {
  const c = pattern.trim() ? compileFileNamePattern(pattern) : null;
  return c?.ok ? metadataFromFileNames(c, audio.map((f) => f.name), { ...DEFAULT_TIMESTAMP_OPTIONS, zone }, dir) : null;
}

/** The last pattern this person used, kept across restarts. */
export function useStoredPattern(personId: string): [string, (p: string) => void] {
  const key = patternStorageKey(personId);
  const [pattern, setPattern] = useState(() => localStorage.getItem(key) ?? '');
  useEffect(() => {
    if (pattern.trim()) localStorage.setItem(key, pattern);
    else localStorage.removeItem(key);
  }, [key, pattern]);
  return [pattern, setPattern];
}
