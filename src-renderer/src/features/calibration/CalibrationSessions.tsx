// Calibration sessions for the supervisor: pick a rubric, items and reviewers (and score as the reference, if
// wanted); follow who has submitted; read the report; close the session.
import { useState } from 'react';
import { App, Button, Card, Checkbox, Drawer, Form, Input, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { CalibrationSession } from '@renderer/domain/model';
import { closeCalibrationSession, createCalibrationSession, listCalibrationSessions, calibrationCandidates } from '@renderer/db/calibration';
import { publishedRubrics } from '@renderer/db/rubrics';
import { formatDateTime } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';
import { CalibrationReportView } from '@renderer/widgets/CalibrationReportView';
import { LeniencyChart } from './LeniencyChart';
import { mayScore } from '@renderer/domain/roles';
import { directoryPeople } from '@renderer/db/directory';

interface NewSession {
  name: string;
  rubricVersionId: string;
  kind: 'call' | 'ticket';
  itemIds: string[];
  reviewerIds: string[];
  ownerIsReference: boolean;
}

export function CalibrationSessions() {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [report, setReport] = useState<string | null>(null);
  const [form] = Form.useForm<NewSession>();
  const kind = Form.useWatch('kind', form) ?? 'call';
  const sessions = useLiveQuery(() => listCalibrationSessions(ctx), [ctx]);
  const rubrics = useLiveQuery(() => publishedRubrics(ctx), [ctx]);
  const people = useLiveQuery(() => directoryPeople(ctx), [ctx]);
  // Items to choose from: every call, or the latest 300 tickets.
  const items = useLiveQuery(() => calibrationCandidates(ctx, kind), [ctx, kind]);
  const names = new Map((people ?? []).map((p) => [p.id, p.name]));
  const reviewers = (people ?? []).filter((p) => p.active && p.id !== ctx.actor?.personId && mayScore(p.role));

  const create = async (v: NewSession) => {
    try {
      await createCalibrationSession(ctx, { name: v.name ?? '', rubricVersionId: v.rubricVersionId, items: (v.itemIds ?? []).map((id) => ({ kind: v.kind, id })), reviewerIds: v.reviewerIds ?? [], ownerIsReference: v.ownerIsReference });
      void message.success(t('calibration.created'));
      form.resetFields();
      setCreating(false);
    } catch (e) {
      // On the field it concerns (the repository names items and reviewers by their input names), else a message.
      const d = describeError(e);
      const field = d.field === 'items' ? 'itemIds' : d.field;
      if (field && ['name', 'rubricVersionId', 'itemIds', 'reviewerIds'].includes(field)) form.setFields([{ name: field as keyof NewSession, errors: [d.message] }]);
      else void message.error(d.message);
    }
  };

  return (
    <Card
      title={t('calibration.sessions')}
      data-testid="calibration-sessions"
      extra={
        <Button onClick={() => setCreating((c) => !c)} data-testid="new-calibration">
          {t('calibration.new')}
        </Button>
      }
    >
      {creating && (
        <Form form={form} layout="vertical" initialValues={{ kind: 'call', ownerIsReference: true }} onFinish={(v) => void create(v)} style={{ maxWidth: 760, marginBottom: 16 }} data-testid="calibration-form">
          <Form.Item name="name" label={t('sampling.name')}>
            <Input data-testid="calibration-name" />
          </Form.Item>
          <Form.Item name="rubricVersionId" label={t('nav.rubrics')}>
            <Select data-testid="calibration-rubric" options={(rubrics ?? []).map((v) => ({ value: v.id, label: `${v.definition.name} v${v.version}` }))} />
          </Form.Item>
          <Form.Item name="kind" label={t('review.item')}>
            <Select style={{ width: 200 }} options={(['call', 'ticket'] as const).map((k) => ({ value: k, label: t(`review.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="itemIds" label={t('calibration.items')}>
            <Select mode="multiple" showSearch optionFilterProp="label" options={items ?? []} data-testid="calibration-items" />
          </Form.Item>
          <Form.Item name="reviewerIds" label={t('sampling.reviewers')}>
            <Select mode="multiple" optionFilterProp="label" options={reviewers.map((p) => ({ value: p.id, label: `${p.name} (${t(`roles.${p.role}`)})` }))} data-testid="calibration-reviewers" />
          </Form.Item>
          <Form.Item name="ownerIsReference" valuePropName="checked">
            <Checkbox>{t('calibration.ownerIsReference')}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="create-calibration">
            {t('calibration.create')}
          </Button>
        </Form>
      )}
      <Table<CalibrationSession>
        size="small"
        rowKey="id"
        dataSource={sessions}
        pagination={false}
        locale={{ emptyText: t('calibration.none') }}
        columns={[
          { title: t('sampling.name'), dataIndex: 'name' },
          { title: t('calibration.items'), key: 'items', render: (_: unknown, s) => s.items.length },
          { title: t('sampling.reviewers'), key: 'reviewers', render: (_: unknown, s) => s.reviewerIds.map((id) => names.get(id) ?? id).join(', ') },
          { title: t('calibration.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
          { title: t('review.status'), key: 'status', render: (_: unknown, s) => <Tag color={s.status === 'open' ? 'blue' : 'default'}>{t(`calibration.status.${s.status}`)}</Tag> },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, s) => (
              <Space>
                <Button size="small" onClick={() => setReport(s.id)} data-testid={`report-${s.name}`}>
                  {t('calibration.report')}
                </Button>
                {s.status === 'open' && (
                  <Popconfirm title={t('calibration.closeConfirm')} onConfirm={() => void closeCalibrationSession(ctx, s.id).catch((e: unknown) => message.error(describeError(e).message))}>
                    <Button size="small">{t('calibration.close')}</Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <LeniencyChart />
      {report && (
        <Drawer open width={880} title={t('calibration.report')} onClose={() => setReport(null)} destroyOnHidden>
          <CalibrationReportView sessionId={report} />
        </Drawer>
      )}
    </Card>
  );
}
