// A rev conflict, field by field: the person's version beside the server's (and what both started from), a choice
// per field, proposed from who changed what. Nothing is decided for them: "Apply" sends exactly what they chose.
import { useMemo, useState } from 'react';
import { Alert, Button, Modal, Radio, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OutboxRow } from '@renderer/db/database';
import { conflictFields, type FieldChoice } from '@renderer/domain/merge';

/** A field's value in a cell: short text as it is, the rest as JSON, cut to what a cell holds. */
export function shownValue(v: unknown): string {
  if (v === undefined) return '—';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 240 ? `${s.slice(0, 240)}…` : s;
}

export function ConflictModal({ row, onResolve, onDiscard, onClose }: { row: OutboxRow; onResolve: (takeMine: string[]) => Promise<void>; onDiscard: () => Promise<void>; onClose: () => void }) {
  const { t } = useTranslation();
  const fields = useMemo(() => (row.server && row.record ? conflictFields(row.base ?? null, row.record, row.server) : []), [row]);
  const [choice, setChoice] = useState<Record<string, 'mine' | 'server'>>(() => Object.fromEntries(fields.map((f) => [f.field, f.proposed])));
  const [busy, setBusy] = useState(false);
  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    try {
      await f();
      onClose();
    } finally {
      setBusy(false);
    }
  };
  const all = (side: 'mine' | 'server') => setChoice(Object.fromEntries(fields.map((f) => [f.field, side])));
  const label = (f: string) => t(`team.fieldNames.${f}`, { defaultValue: f });
  return (
    <Modal
      open
      width={920}
      title={t(row.status === 'refused' ? 'team.refusedTitle' : 'team.conflictTitle', { table: t(`team.tables.${row.table}`, { defaultValue: row.table }) })}
      onCancel={onClose}
      data-testid="conflict-modal"
      footer={
        <Space>
          <Button danger onClick={() => void run(onDiscard)} disabled={busy} data-testid="conflict-discard">
            {t('team.discardMine')}
          </Button>
          <Button onClick={onClose}>{t('team.cancel')}</Button>
          <Button type="primary" loading={busy} disabled={!row.server || row.status !== 'conflict'} onClick={() => void run(() => onResolve(fields.filter((f) => choice[f.field] === 'mine').map((f) => f.field)))} data-testid="conflict-apply">
            {t('team.applyChoice')}
          </Button>
        </Space>
      }
    >
      {row.status === 'conflict' && <Typography.Paragraph type="secondary">{t('team.conflictIntro')}</Typography.Paragraph>}
      {row.status === 'refused' && <Alert type="error" showIcon title={t('team.refusedIntro')} description={row.message} style={{ marginBottom: 12 }} data-testid="refused-message" />}
      {row.status === 'conflict' && !row.server && <Alert type="warning" showIcon title={t('team.conflictGone')} style={{ marginBottom: 12 }} />}
      {row.server && (
        <>
          <Space style={{ marginBottom: 8 }}>
            <Button size="small" onClick={() => all('mine')} data-testid="conflict-all-mine">
              {t('team.allMine')}
            </Button>
            <Button size="small" onClick={() => all('server')} data-testid="conflict-all-server">
              {t('team.allServer')}
            </Button>
          </Space>
          <Table<FieldChoice>
            size="small"
            rowKey="field"
            pagination={false}
            dataSource={fields}
            data-testid="conflict-fields"
            columns={[
              { title: t('team.field'), dataIndex: 'field', width: 140, render: (f: string, r) => <span title={r.mineChanged && r.serverChanged ? t('team.changedBoth') : undefined}>{label(f)}{r.mineChanged && r.serverChanged ? ' ⚠' : ''}</span> },
              {
                title: t('team.mine'),
                render: (_v, r) => (
                  <Radio checked={choice[r.field] === 'mine'} onChange={() => setChoice({ ...choice, [r.field]: 'mine' })} data-testid={`conflict-mine-${r.field}`}>
                    <Typography.Text delete={choice[r.field] !== 'mine'}>{shownValue(r.mine)}</Typography.Text>
                  </Radio>
                ),
              },
              {
                title: t('team.serverVersion'),
                render: (_v, r) => (
                  <Radio checked={choice[r.field] === 'server'} onChange={() => setChoice({ ...choice, [r.field]: 'server' })} data-testid={`conflict-server-${r.field}`}>
                    <Typography.Text delete={choice[r.field] !== 'server'}>{shownValue(r.server)}</Typography.Text>
                  </Radio>
                ),
              },
              { title: t('team.before'), render: (_v, r) => <Typography.Text type="secondary">{shownValue(r.base)}</Typography.Text> },
            ]}
          />
        </>
      )}
    </Modal>
  );
}
