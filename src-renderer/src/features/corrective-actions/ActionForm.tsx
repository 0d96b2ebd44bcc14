// A new corrective action: prefilled from an evaluation (staff member, failed criteria, comments as evidence) or
// blank (a trend, a group complaint). The owner defaults to the staff member's team lead and the deadline to the
// setting. Editing an open action uses the same form (the staff member is fixed; the deadline moves by extension,
// with a reason). Attachments are file paths, referenced and never copied. Problems show on their fields; nothing
// typed is lost.
import { useEffect, useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { ROOT_CAUSES, type CorrectiveAction, type RootCause } from '@renderer/domain/model';
import type { ActionPriority } from '@renderer/domain/correctiveActions';
import { createAction, editAction, prefillFromEvaluation, type ActionInput } from '@renderer/db/correctiveActions';
import { publishedRubrics } from '@renderer/db/rubrics';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';
import { isStaffRole, mayOwnActions } from '@renderer/domain/roles';
import { directoryPeople } from '@renderer/db/directory';
import { evaluationWithVersion } from '@renderer/db/evaluations';

interface Values {
  staffId: string;
  ownerId: string | null;
  title: string;
  rootCauses: RootCause[];
  criterionIds: string[];
  plan: string;
  priority: ActionPriority;
  due: Dayjs;
  verify: 'follow-ups' | 'manual';
  count: number;
  attachments: string[];
}

/** Form field names for the repository's problem fields. */
const FIELD: Record<string, keyof Values> = { dueDate: 'due', 'verification.count': 'count', 'verification.criterionIds': 'criterionIds' };

export function ActionForm({
  fromEvaluationId,
  parent,
  editing,
  onClose,
  onCreated,
}: {
  fromEvaluationId?: string | null;
  parent?: CorrectiveAction | null;
  editing?: CorrectiveAction | null;
  onClose: () => void;
  onCreated: (a: CorrectiveAction) => void;
}) {
  const { t } = useTranslation();
  const { ctx, settings } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [extra, setExtra] = useState<Pick<ActionInput, 'evaluationId' | 'evidence'>>({ evaluationId: null, evidence: [] });
  const people = useLiveQuery(() => directoryPeople(ctx), [ctx]);
  const rubrics = useLiveQuery(() => publishedRubrics(ctx), [ctx]);
  const verifyKind = Form.useWatch('verify', form);
  const criteria = (rubrics ?? []).flatMap((v) => v.definition.sections.flatMap((s) => s.criteria.map((c) => ({ value: c.id, label: `${v.definition.name} · ${c.title}` }))));
  const uniqueCriteria = [...new Map(criteria.map((c) => [c.value, c])).values()];

  // Prefill from the evaluation (or from the action this one follows).
  useEffect(() => {
    void (async () => {
      if (editing) {
        const e = editing;
        form.setFieldsValue({ staffId: e.staffId, ownerId: e.ownerId, title: e.title, rootCauses: e.rootCauses, criterionIds: e.criterionIds, plan: e.plan, priority: e.priority, due: dayjs(e.dueAt).subtract(1, 'minute'), verify: e.verification.kind, count: e.verification.kind === 'follow-ups' ? e.verification.count : 2, attachments: e.attachments });
        return;
      }
      if (parent) {
        form.setFieldsValue({ staffId: parent.staffId, ownerId: parent.ownerId, title: parent.title, rootCauses: parent.rootCauses, criterionIds: parent.criterionIds, plan: '', verify: parent.verification.kind, count: parent.verification.kind === 'follow-ups' ? parent.verification.count : 2 });
        setExtra({ evaluationId: parent.evaluationId, evidence: parent.evidence });
        return;
      }
      if (!fromEvaluationId) return;
      try {
        const scored = await evaluationWithVersion(ctx, fromEvaluationId);
        const v = scored?.version;
        if (!v) return;
        const p = await prefillFromEvaluation(ctx, fromEvaluationId, v.definition);
        form.setFieldsValue({ staffId: p.staffId, title: p.title, criterionIds: p.criterionIds, plan: p.plan ?? '', verify: 'follow-ups', count: 2 });
        setExtra({ evaluationId: p.evaluationId ?? null, evidence: p.evidence ?? [] });
      } catch (err) {
        setError(describeError(err).message);
      }
    })();
  }, [ctx, form, fromEvaluationId, parent, editing]);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const verification: ActionInput['verification'] = v.verify === 'manual' ? { kind: 'manual' } : { kind: 'follow-ups', count: v.count, criterionIds: v.criterionIds ?? [] };
      if (editing) {
        const a = await editAction(ctx, editing.id, { ownerId: v.ownerId ?? null, title: v.title ?? '', rootCauses: v.rootCauses ?? [], criterionIds: v.criterionIds ?? [], plan: v.plan ?? '', priority: v.priority, verification, attachments: v.attachments ?? [] });
        void message.success(t('corrective.saved'));
        onCreated(a);
        return;
      }
      const a = await createAction(ctx, {
        staffId: v.staffId,
        ownerId: v.ownerId ?? null,
        evaluationId: extra.evaluationId,
        parentActionId: parent?.id ?? null,
        title: v.title ?? '',
        rootCauses: v.rootCauses ?? [],
        criterionIds: v.criterionIds ?? [],
        evidence: extra.evidence,
        plan: v.plan ?? '',
        priority: v.priority,
        dueDate: v.due ? v.due.format('YYYY-MM-DD') : '',
        verification,
        attachments: v.attachments ?? [],
      });
      void message.success(t('corrective.created'));
      onCreated(a);
    } catch (e) {
      const d = describeError(e);
      const field = d.field ? (FIELD[d.field] ?? d.field) : null;
      if (field && form.getFieldInstance(field) !== undefined) form.setFields([{ name: field as keyof Values, errors: [d.message] }]);
      else setError(d.message);
    } finally {
      setBusy(false);
    }
  };

  const staff = (people ?? []).filter((p) => isStaffRole(p.role) && p.active && !p.deletedAt);
  const owners = (people ?? []).filter((p) => mayOwnActions(p.role) && p.active && !p.deletedAt);
  return (
    <Modal
      open
      width={760}
      title={editing ? t('corrective.editTitle') : parent ? t('corrective.followOnTitle') : t('corrective.newTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okText={editing ? t('actions.save') : t('corrective.create')}
      cancelText={t('actions.cancel')}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ priority: 'normal', verify: 'follow-ups', count: 2, rootCauses: [], criterionIds: [], due: dayjs().add(settings.actionDefaultDays, 'day'), ownerId: null, attachments: [] }}
        data-testid="action-form"
      >
        {extra.evaluationId && (
          <Typography.Paragraph type="secondary" data-testid="action-from-evaluation">
            {t('corrective.fromEvaluation')} {extra.evidence?.length ? t('corrective.evidenceCount', { n: extra.evidence.length }) : ''}
          </Typography.Paragraph>
        )}
        <Space style={{ display: 'flex' }} align="start">
          <Form.Item name="staffId" label={t('corrective.staff')} style={{ width: 340 }} rules={[{ required: true, message: t('corrective.errors.staff') }]}>
            <Select showSearch optionFilterProp="label" disabled={!!editing} data-testid="action-staff" options={staff.map((p) => ({ value: p.id, label: `${p.name} (${p.employeeNo})` }))} />
          </Form.Item>
          <Form.Item name="ownerId" label={t('corrective.owner')} style={{ width: 340 }} extra={t('corrective.ownerHelp')}>
            <Select allowClear showSearch optionFilterProp="label" data-testid="action-owner" options={owners.map((p) => ({ value: p.id, label: `${p.name} (${t(`roles.${p.role}`)})` }))} />
          </Form.Item>
        </Space>
        <Form.Item name="title" label={t('corrective.titleField')}>
          <Input data-testid="action-title" />
        </Form.Item>
        <Form.Item name="rootCauses" label={t('corrective.rootCauses')}>
          <Select mode="multiple" optionFilterProp="label" data-testid="action-root-causes" options={ROOT_CAUSES.map((c) => ({ value: c, label: t(`corrective.rootCause.${c}`) }))} />
        </Form.Item>
        <Form.Item name="plan" label={t('corrective.plan')}>
          <Input.TextArea rows={3} data-testid="action-plan" />
        </Form.Item>
        <Space style={{ display: 'flex' }} align="start" wrap>
          <Form.Item name="due" label={t('corrective.due')} rules={[{ required: true, message: t('corrective.errors.dueDate') }]}>
            <DatePicker data-testid="action-due" allowClear={false} disabled={!!editing} />
          </Form.Item>
          <Form.Item name="priority" label={t('corrective.priority')}>
            <Radio.Group optionType="button" options={(['high', 'normal', 'low'] as const).map((p) => ({ value: p, label: t(`corrective.priorities.${p}`) }))} />
          </Form.Item>
        </Space>
        <Form.Item name="verify" label={t('corrective.verification')}>
          <Radio.Group
            data-testid="action-verify"
            options={[
              { value: 'follow-ups', label: t('corrective.verifyFollowUps') },
              { value: 'manual', label: t('corrective.verifyManual') },
            ]}
          />
        </Form.Item>
        {verifyKind !== 'manual' && (
          <Space style={{ display: 'flex' }} align="start">
            <Form.Item name="count" label={t('corrective.followUpCount')}>
              <InputNumber min={1} max={20} data-testid="action-count" />
            </Form.Item>
            <Form.Item name="criterionIds" label={t('corrective.targets')} style={{ width: 560 }}>
              <Select mode="multiple" optionFilterProp="label" data-testid="action-targets" options={uniqueCriteria} tagRender={(p) => <Tag closable={p.closable} onClose={p.onClose}>{String(p.label).split(' · ').pop()}</Tag>} />
            </Form.Item>
          </Space>
        )}
        <Form.Item name="attachments" label={t('corrective.attachments')} extra={t('corrective.attachmentsHelp')}>
          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={['\n']} data-testid="action-attachments" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}
