// Add or edit a person (people page, and the ticket import creating an agent an export names), with their leave.
import       {} from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, Button, DatePicker, Form, Modal, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Person, Team } from '@renderer/domain/model';
import { ROLES } from '@renderer/domain/roles';
import { createPerson, createTeamPerson, updatePerson, type PersonInput } from '@renderer/db/people';
import { mainAuthority } from '@renderer/platform/qa';
import { useSession } from '@renderer/session/session';
import { PasswordFields, PersonFields } from '@renderer/ui/PersonFields';
import { useSubmit } from '@renderer/session/useSubmit';

type PersonValues = Omit<PersonInput, 'leave'> & { password?: string; leave?: ([Dayjs, Dayjs] | null)[] };

/** Leave periods as date ranges: sample plans leave a person out of a period they are mostly away for. */
function LeaveFields() {
  const { t } = useTranslation();
  return (
    <Form.List name="leave">
      {(fields, { add, remove }) => (
        <Form.Item label={t('people.leave')} extra={t('people.leaveHelp')}>
          <Space direction="vertical" style={{ width: '100%' }}>
            {fields.map((f) => (
              <Space key={f.key} align="baseline">
                <Form.Item name={f.name} noStyle rules={[{ required: true, message: t('errors.required') }]}>
                  <DatePicker.RangePicker data-testid={`leave-${f.name}`} />
                </Form.Item>
                <Button size="small" onClick={() => remove(f.name)} aria-label={t('people.removeLeave')}>
                  {t('people.removeLeave')}
                </Button>
              </Space>
            ))}
            <Button size="small" onClick={() => add()} data-testid="add-leave">
              {t('people.addLeave')}
            </Button>
          </Space>
        </Form.Item>
      )}
    </Form.List>
  );
}

/** Add or edit a person; also used by the ticket import to create an agent the export names. */
export function PersonModal({
  person,
  teams,
  onClose,
  onSaved,
  initial,
}: {
  person: Person | null;
  teams: Team[];
  onClose: () => void;
  onSaved: (saved: Person) => void;
  initial?: Partial<PersonInput>;
}) {
  const { t } = useTranslation();
  const { ctx, team } = useSession();
  const [form] = Form.useForm<PersonValues>();
  const { busy, error, submit } = useSubmit<PersonValues>(form, async (v) => {
    const leave = (v.leave ?? []).flatMap((r) => (r ? [{ from: r[0].format('YYYY-MM-DD'), to: r[1].format('YYYY-MM-DD') }] : []));
    const input: PersonInput = { name: v.name, email: v.email, employeeNo: v.employeeNo, teamId: v.teamId ?? null, role: v.role, leave };
    // On a team console the server decides who may sign in (a login provisioned there): main keeps no account.
    if (person) onSaved(await updatePerson(ctx, person.id, input, team ? undefined : mainAuthority));
    else onSaved(team ? await createTeamPerson(ctx, input) : await createPerson(ctx, input, v.password ?? '', mainAuthority));
  });
  return (
    <Modal open title={person ? t('people.editPerson') : t('people.addPerson')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} okText={t('actions.save')} cancelText={t('actions.cancel')} okButtonProps={{ 'data-testid': 'save-person' } as Record<`data-${string}`, string>} width={520}>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={person ? { ...person, leave: (person.leave ?? []).map((l) => [dayjs(l.from), dayjs(l.to)]) } : { role: 'staff', teamId: teams[0]?.id ?? null, ...initial }}
        requiredMark={false}
      >
        <PersonFields />
        <Space style={{ display: 'flex' }} align="start">
          <Form.Item name="teamId" label={t('fields.team')} style={{ minWidth: 200 }}>
            <Select allowClear placeholder={t('fields.noTeam')} data-testid="field-team" options={teams.map((x) => ({ value: x.id, label: x.name }))} />
          </Form.Item>
          <Form.Item name="role" label={t('fields.role')} rules={[{ required: true, message: t('errors.role') }]} style={{ minWidth: 200 }}>
            <Select data-testid="field-role" options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
          </Form.Item>
        </Space>
        {!person && !team && <PasswordFields label={t('people.initialPassword')} />}
        {!person && team && <Alert type="info" showIcon title={t('people.team.loginAfterSave')} style={{ marginBottom: 16 }} />}
        <LeaveFields />
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}
