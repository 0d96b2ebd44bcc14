// Open disputes for the reviewer to decide: uphold as scored, or adjust the disputed levels; a reply is required
// and the staff member sees it. Deadlines shown; overdue ones marked.
import { useState } from 'react';
import { App, Card, Form, Input, Modal, Radio, Select, Table, Tag, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { Dispute } from '@renderer/domain/model';
import { scaleValues } from '@renderer/domain/rubric';
import { resolveDispute, evaluationWithVersion } from '@renderer/db/evaluations';
import { openDisputes } from '@renderer/db/myScores';
import { formatDateTime } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';
import { levelLabel } from '@renderer/widgets/EvaluationView';
import { personNames } from '@renderer/db/directory';

export function DisputesCard() {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const disputes = useLiveQuery(() => openDisputes(ctx), [ctx]);
  const names = useLiveQuery(() => personNames(ctx), [ctx]);
  const [open, setOpen] = useState<Dispute | null>(null);
  if (!disputes || disputes.length === 0) return null;
  const now = new Date().toISOString();
  return (
    <Card title={t('disputes.title', { n: disputes.length })} data-testid="disputes">
      <Table<Dispute>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={disputes}
        onRow={(d) => ({ onClick: () => setOpen(d), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('disputes.who'), dataIndex: 'agentId', render: (id: string) => names?.get(id) },
          { title: t('disputes.items'), key: 'items', render: (_: unknown, d) => d.items.map((i) => i.reason).join(' · ') },
          { title: t('disputes.due'), dataIndex: 'dueAt', render: (v: string) => <Tag color={v < now ? 'red' : 'default'}>{formatDateTime(v)}</Tag> },
        ]}
      />
      {open && <ResolveModal dispute={open} onClose={() => setOpen(null)} />}
    </Card>
  );
}

function ResolveModal({ dispute, onClose }: { dispute: Dispute; onClose: () => void }) {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const { message } = App.useApp();
  const scored = useLiveQuery(() => evaluationWithVersion(ctx, dispute.evaluationId), [ctx, dispute.evaluationId]);
  const evaluation = scored?.evaluation;
  const version = scored?.version ?? undefined;
  const [form] = Form.useForm<{ outcome: 'upheld' | 'adjusted'; reply: string } & Record<string, number | 'na'>>();
  const outcome = Form.useWatch('outcome', form);
  const criteria = version?.definition.sections.flatMap((s) => s.criteria) ?? [];
  const submit = async (v: { outcome: 'upheld' | 'adjusted'; reply: string } & Record<string, unknown>) => {
    try {
      const answers = Object.fromEntries(dispute.items.map((i) => [i.criterionId, { ...evaluation!.answers[i.criterionId], value: v[`level-${i.criterionId}`] === 'na' ? null : (v[`level-${i.criterionId}`] as number) }]));
      await resolveDispute(ctx, dispute.id, v.outcome === 'upheld' ? { outcome: 'upheld' } : { outcome: 'adjusted', answers }, v.reply);
      void message.success(t(`disputes.done.${v.outcome}`));
      onClose();
    } catch (e) {
      void message.error(describeError(e).message);
    }
  };
  return (
    <Modal open title={t('disputes.resolveTitle')} onCancel={onClose} onOk={() => form.submit()} okText={t('disputes.resolve')} cancelText={t('actions.cancel')} okButtonProps={{ 'data-testid': 'resolve-dispute' } as Record<string, string>}>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v as never)}
        initialValues={{ outcome: 'upheld', ...Object.fromEntries(dispute.items.map((i) => [`level-${i.criterionId}`, i.proposedValue ?? 'na'])) }}
      >
        {dispute.items.map((i) => {
          const c = criteria.find((x) => x.id === i.criterionId);
          return (
            <div key={i.criterionId} style={{ marginBottom: 12 }}>
              <Typography.Text strong>{c?.title}</Typography.Text>
              <div>
                {t('disputes.scored', { level: c && evaluation ? levelLabel(c, evaluation.answers[i.criterionId]?.value ?? null, t) : '' })} · {t('disputes.proposed', { level: c ? levelLabel(c, i.proposedValue, t) : '' })}
              </div>
              <Typography.Paragraph type="secondary">“{i.reason}”</Typography.Paragraph>
              {outcome === 'adjusted' && c && (
                <Form.Item name={`level-${i.criterionId}`} label={t('myScores.newLevel')}>
                  <Select options={[...scaleValues(c.scale).map((v) => ({ value: v, label: levelLabel(c, v, t) })), ...(c.allowNa ? [{ value: 'na', label: 'N/A' }] : [])]} data-testid="adjust-level" />
                </Form.Item>
              )}
            </div>
          );
        })}
        <Form.Item name="outcome">
          <Radio.Group
            options={[
              { value: 'upheld', label: t('disputes.uphold') },
              { value: 'adjusted', label: t('disputes.adjust') },
            ]}
            data-testid="dispute-outcome"
          />
        </Form.Item>
        <Form.Item name="reply" label={t('disputes.reply')} rules={[{ required: true, min: 3, message: t('myScores.explain') }]}>
          <Input.TextArea rows={3} data-testid="dispute-reply" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
