// Sets or corrects calls' agent, ticket, start time and direction after import: one call (its values filled in)
// or many at once; only the fields touched change. A wrong value is named on its field and nothing is lost.
import { useState } from 'react';
import { App, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import type { Recording } from '@renderer/domain/model';
import { editRecordings, type RecordingEdit } from '@renderer/db/recordings';
import { ValidationError } from '@renderer/db/context';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';
import { directoryPeople } from '@renderer/db/directory';

interface Values {
  agentId?: string | null;
  ticketExternalId?: string;
  startedAt?: Dayjs | null;
  direction?: Recording['direction'];
}

export function CallEditModal({ calls, ticketNumber, onClose }: { calls: Recording[]; ticketNumber?: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const people = useLiveQuery(async () => (await directoryPeople(ctx)).filter((p) => p.active && !p.deletedAt), [ctx]);
  const one = calls.length === 1 ? calls[0]! : null;
  const save = async () => {
    const v = form.getFieldsValue();
    // Only the fields touched change (one call shows its values; saving them untouched changes nothing).
    const touched = (f: keyof Values) => form.isFieldTouched(f);
    const edit: RecordingEdit = {};
    if (touched('agentId')) edit.agentId = v.agentId ?? null;
    if (touched('ticketExternalId')) edit.ticketExternalId = v.ticketExternalId?.trim() || null;
    if (touched('startedAt') && v.startedAt) edit.startedAt = v.startedAt.toISOString();
    if (touched('direction') && v.direction) edit.direction = v.direction;
    setBusy(true);
    try {
      const done = await editRecordings(ctx, calls.map((c) => c.id), edit);
      void message.success(t('calls.edit.saved', { count: done.length }));
      onClose();
    } catch (e) {
      if (e instanceof ValidationError) form.setFields([{ name: e.field as keyof Values, errors: [t(e.messageKey, { defaultValue: e.message })] }]);
      else void message.error(describeError(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('calls.edit.title', { count: calls.length })} onCancel={onClose} onOk={() => void save()} confirmLoading={busy} okText={t('actions.save')} cancelText={t('actions.cancel')} data-testid="call-edit">
      {!one && <Typography.Paragraph type="secondary">{t('calls.edit.bulkHint')}</Typography.Paragraph>}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={one ? { agentId: one.agentId, ticketExternalId: ticketNumber ?? '', startedAt: dayjs(one.startedAt), direction: one.direction } : {}}
      >
        <Form.Item name="agentId" label={t('import.fields.agent')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('import.unassigned')}
            data-testid="call-edit-agent"
            options={(people ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.employeeNo})` }))}
          />
        </Form.Item>
        <Form.Item name="ticketExternalId" label={t('recordings.fields.ticketExternalId')}>
          <Input allowClear data-testid="call-edit-ticket" />
        </Form.Item>
        <Form.Item name="startedAt" label={t('recordings.fields.startedAt')}>
          <DatePicker showTime style={{ width: '100%' }} data-testid="call-edit-start" />
        </Form.Item>
        <Form.Item name="direction" label={t('recordings.fields.direction')}>
          <Select data-testid="call-edit-direction" options={(['inbound', 'outbound'] as const).map((d) => ({ value: d, label: t(`calls.direction.${d}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
