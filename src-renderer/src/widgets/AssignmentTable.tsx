// Queued items as a table, shared by a reviewer's queue and a run's detail: the item, why it was sampled, its due
// date (overdue in red) and state, plus whatever columns the page adds. Planners can give an item to another
// reviewer or replace it; both need a reason, which the record and the audit log keep.
import { useState, type ReactNode } from 'react';
import { App, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { Assignment } from '@renderer/domain/model';
import { reassignItem, replaceItem } from '@renderer/db/reviewQueue';
import { formatDateTime } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { describeError, fieldStatus } from '@renderer/session/errors';
import { ReasonText } from '@renderer/ui/ReasonText';
import { mayPlanSamples, mayScore } from '@renderer/domain/roles';
import { directoryPeople } from '@renderer/db/directory';

const statusColor = (s: Assignment['status']) => (s === 'done' ? 'green' : s === 'in-progress' ? 'blue' : s === 'replaced' ? 'orange' : 'default');

export function AssignmentTable({
  rows,
  labels,
  extraColumns = [],
  actions,
  testId,
}: {
  rows: Assignment[];
  labels: Map<string, string>;
  extraColumns?: ColumnsType<Assignment>;
  /** Buttons for an item still queued, before the planner's Reassign / Replace. */
  actions?: (a: Assignment) => ReactNode;
  testId: string;
}) {
  const { t } = useTranslation();
  const { person } = useSession();
  const [changing, setChanging] = useState<{ a: Assignment; mode: 'reassign' | 'replace' } | null>(null);
  const planner = mayPlanSamples(person.role);
  const now = new Date().toISOString();
  const queued = (a: Assignment) => a.status === 'open' || a.status === 'in-progress';
  return (
    <>
      <Table<Assignment>
        size="small"
        rowKey="id"
        dataSource={rows}
        data-testid={testId}
        pagination={{ pageSize: 10, showSizeChanger: true }}
        columns={[
          { title: t('review.item'), key: 'item', render: (_: unknown, a) => <><Tag>{t(`review.kind.${a.itemKind}`)}</Tag>{labels.get(a.itemId) ?? a.itemId}</> },
          ...extraColumns,
          { title: t('sampling.reasonColumn'), key: 'reason', render: (_: unknown, a) => <ReasonText reason={a.reason} /> },
          {
            title: t('sampling.due'),
            key: 'due',
            render: (_: unknown, a) => (
              <>
                {formatDateTime(a.dueAt)} {queued(a) && a.dueAt < now && <Tag color="red">{t('sampling.overdue')}</Tag>}
              </>
            ),
          },
          {
            title: t('review.status'),
            key: 'status',
            render: (_: unknown, a) => (
              <Space direction="vertical" size={0}>
                <Tag color={statusColor(a.status)}>{t(`sampling.status.${a.status}`)}</Tag>
                {a.note && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{a.note}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, a) =>
              queued(a) ? (
                <Space wrap>
                  {actions?.(a)}
                  {planner && (
                    <>
                      <Button size="small" onClick={() => setChanging({ a, mode: 'reassign' })} data-testid="reassign-assignment">
                        {t('sampling.reassign')}
                      </Button>
                      <Button size="small" onClick={() => setChanging({ a, mode: 'replace' })} data-testid="replace-assignment">
                        {t('sampling.replace')}
                      </Button>
                    </>
                  )}
                </Space>
              ) : null,
          },
        ]}
      />
      {changing && <ChangeAssignment assignment={changing.a} mode={changing.mode} onClose={() => setChanging(null)} />}
    </>
  );
}

/** Reassign (to another active reviewer, never the person evaluated) or replace, with the reason; errors on the field. */
function ChangeAssignment({ assignment, mode, onClose }: { assignment: Assignment; mode: 'reassign' | 'replace'; onClose: () => void }) {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const [reviewerId, setReviewerId] = useState<string | null>(null);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const reviewers = useLiveQuery(
    async () => (await directoryPeople(ctx)).filter((p) => p.active && !p.deletedAt && mayScore(p.role) && p.id !== assignment.agentId && p.id !== assignment.reviewerId),
    [ctx, assignment],
  );
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      if (mode === 'reassign') {
        await reassignItem(ctx, assignment.id, reviewerId ?? '', reason);
        void message.success(t('sampling.reassigned'));
      } else {
        const next = await replaceItem(ctx, assignment.id, reason);
        void message.success(next ? t('sampling.replaced') : t('sampling.noReplacement'));
      }
      onClose();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (field: string) => fieldStatus(error, field);
  return (
    <Modal
      open
      title={t(mode === 'reassign' ? 'sampling.reassignTitle' : 'sampling.replaceTitle')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      okButtonProps={{ disabled: reason.trim().length < 3 || (mode === 'reassign' && !reviewerId) }}
      okText={t(mode === 'reassign' ? 'sampling.reassign' : 'sampling.replace')}
      cancelText={t('actions.cancel')}
    >
      <Typography.Paragraph>{t(mode === 'reassign' ? 'sampling.reassignHelp' : 'sampling.replaceHelp')}</Typography.Paragraph>
      <Form layout="vertical">
        {mode === 'reassign' && (
          <Form.Item label={t('sampling.newReviewer')} required {...fieldError('reviewerId')}>
            <Select
              showSearch
              optionFilterProp="label"
              value={reviewerId}
              onChange={setReviewerId}
              data-testid="reassign-reviewer"
              options={(reviewers ?? []).map((p) => ({ value: p.id, label: `${p.name} (${t(`roles.${p.role}`)})` }))}
            />
          </Form.Item>
        )}
        <Form.Item label={t('sampling.changeReason')} required {...fieldError('reason')}>
          <Input.TextArea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t(mode === 'reassign' ? 'sampling.reassignReason' : 'sampling.replaceReason')} data-testid="change-reason" />
        </Form.Item>
      </Form>
      {error && !error.field && <Typography.Text type="danger">{error.message}</Typography.Text>}
    </Modal>
  );
}
