// The owner asks for follow-up evaluations now rather than waiting for the next sample run: how many, and which
// reviewer scores them. The staff member's most recent unscored items go to that reviewer's queue.
import { useState } from 'react';
import { Alert, App, Form, InputNumber, Modal, Select, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { CorrectiveAction } from '@renderer/domain/model';
import { requestFollowUps } from '@renderer/db/correctiveActions';
import { useSession } from '@renderer/session/session';
import { describeError, fieldStatus } from '@renderer/session/errors';
import { mayOwnActions, overseesAll } from '@renderer/domain/roles';
import { directoryPeople } from '@renderer/db/directory';

export function FollowUpRequestModal({ action, outstanding, onClose }: { action: CorrectiveAction; outstanding: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { ctx, person } = useSession();
  const { message } = App.useApp();
  const [count, setCount] = useState(outstanding);
  const reviewers = useLiveQuery(async () => (await directoryPeople(ctx)).filter((p) => p.active && !p.deletedAt && mayOwnActions(p.role) && p.id !== action.staffId), [ctx, action.staffId]);
  const preferred = overseesAll(person.role) ? person.id : action.createdBy;
  const [reviewerId, setReviewerId] = useState<string | null>(preferred);
  const [error, setError] = useState<ReturnType<typeof describeError> | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await requestFollowUps(ctx, action.id, { count, reviewerId });
      void message.success(t('corrective.done.followUps', { assigned: r.assigned, requested: r.requested }));
      onClose();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('corrective.requestFollowUps')} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} okText={t('corrective.request')} cancelText={t('actions.cancel')} data-testid="follow-up-request">
      <Typography.Paragraph type="secondary">{t('corrective.requestFollowUpsHelp')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('corrective.followUpCount')} {...fieldStatus(error, 'count')}>
          <InputNumber min={1} max={20} value={count} onChange={(v) => setCount(v ?? 1)} data-testid="follow-up-count" />
        </Form.Item>
        <Form.Item label={t('sampling.reviewer')} {...fieldStatus(error, 'reviewerId')}>
          <Select
            showSearch
            optionFilterProp="label"
            value={reviewerId}
            onChange={setReviewerId}
            loading={!reviewers}
            data-testid="follow-up-reviewer"
            options={(reviewers ?? []).map((p) => ({ value: p.id, label: `${p.name} (${t(`roles.${p.role}`)})` }))}
          />
        </Form.Item>
      </Form>
      {error && !['count', 'reviewerId'].includes(error.field ?? '') && <Alert type="error" showIcon title={error.message} />}
    </Modal>
  );
}
