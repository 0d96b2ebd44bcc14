// Bulk actions on the selected corrective actions: start work, extend the deadline (one date, one reason for all)
// or hand them to another owner. Each action is changed on its own; those refused (e.g. already waiting for
// verification) are named with the reason, and the rest go through.
import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { CorrectiveAction } from '@renderer/domain/model';
import { allowedEvents } from '@renderer/domain/correctiveActions';
import { editAction, extendDeadline, transitionAction } from '@renderer/db/correctiveActions';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';
import { mayOwnActions } from '@renderer/domain/roles';
import { directoryPeople } from '@renderer/db/directory';

type Ask = 'extend' | 'owner' | null;

export function BulkBar({ selected, onDone }: { selected: CorrectiveAction[]; onDone: () => void }) {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const { message } = App.useApp();
  const [ask, setAsk] = useState<Ask>(null);
  const [due, setDue] = useState<Dayjs | null>(null);
  const [reason, setReason] = useState('');
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [refused, setRefused] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const owners = useLiveQuery(async () => (await directoryPeople(ctx)).filter((p) => mayOwnActions(p.role) && p.active && !p.deletedAt), [ctx]);

  const each = async (f: (a: CorrectiveAction) => Promise<unknown>) => {
    setBusy(true);
    const failed: string[] = [];
    let ok = 0;
    for (const a of selected) {
      try {
        await f(a);
        ok++;
      } catch (e) {
        failed.push(`${a.title}: ${describeError(e).message}`);
      }
    }
    setBusy(false);
    setRefused(failed);
    void (failed.length ? message.warning(t('corrective.bulkPartly', { ok, failed: failed.length })) : message.success(t('corrective.bulkDone', { ok })));
    if (!failed.length) {
      setAsk(null);
      setReason('');
      onDone();
    }
  };

  const startable = selected.filter((a) => allowedEvents(a.status).includes('start')).length;
  return (
    <Space direction="vertical" style={{ width: '100%', marginBottom: 8 }} data-testid="bulk-bar">
      <Space wrap>
        <Typography.Text strong>{t('corrective.selected', { n: selected.length })}</Typography.Text>
        <Button size="small" disabled={!startable || busy} onClick={() => void each((a) => transitionAction(ctx, a.id, { kind: 'start' }))} data-testid="bulk-start">
          {t('corrective.event.start')} ({startable})
        </Button>
        <Button size="small" disabled={busy} onClick={() => (setDue(dayjs().add(7, 'day')), setAsk('extend'))} data-testid="bulk-extend">
          {t('corrective.extend')}
        </Button>
        <Button size="small" disabled={busy} onClick={() => setAsk('owner')} data-testid="bulk-owner">
          {t('corrective.changeOwner')}
        </Button>
        <Button size="small" type="link" onClick={onDone}>{t('corrective.clearSelection')}</Button>
      </Space>
      {refused.length > 0 && (
        <Alert type="warning" showIcon closable onClose={() => setRefused([])} title={t('corrective.bulkRefused')} description={<ul style={{ margin: 0 }}>{refused.map((r) => <li key={r}>{r}</li>)}</ul>} data-testid="bulk-refused" />
      )}
      {ask && (
        <Modal
          open
          title={ask === 'extend' ? t('corrective.ask.extend') : t('corrective.changeOwner')}
          onCancel={() => setAsk(null)}
          confirmLoading={busy}
          okButtonProps={{ disabled: ask === 'extend' ? !due || reason.trim().length < 3 : !ownerId }}
          onOk={() =>
            void (ask === 'extend' ? each((a) => extendDeadline(ctx, a.id, due!.format('YYYY-MM-DD'), reason)) : each((a) => editAction(ctx, a.id, { ownerId })))
          }
          okText={t('actions.ok')}
          cancelText={t('actions.cancel')}
        >
          <Typography.Paragraph type="secondary">{t('corrective.bulkHelp', { n: selected.length })}</Typography.Paragraph>
          <Form layout="vertical">
            {ask === 'extend' ? (
              <>
                <Form.Item label={t('corrective.due')}>
                  <DatePicker value={due} onChange={setDue} allowClear={false} data-testid="bulk-due" />
                </Form.Item>
                <Form.Item label={t('corrective.reasonPlaceholder')}>
                  <Input.TextArea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="bulk-reason" />
                </Form.Item>
              </>
            ) : (
              <Form.Item label={t('corrective.owner')}>
                <Select showSearch optionFilterProp="label" value={ownerId} onChange={setOwnerId} data-testid="bulk-owner-select" options={(owners ?? []).map((p) => ({ value: p.id, label: `${p.name} (${t(`roles.${p.role}`)})` }))} />
              </Form.Item>
            )}
          </Form>
        </Modal>
      )}
    </Space>
  );
}
