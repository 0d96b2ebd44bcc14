// People and teams (admin): create, edit, deactivate; errors stay on the field, nothing typed is lost.
import { useCallback, useEffect, useMemo, useState } from 'react';
import dayjs, {} from 'dayjs';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Person, Team } from '@renderer/domain/model';
import   { mayScore } from '@renderer/domain/roles';
import     { listPeople, listTeams, saveTeam, setPersonActive } from '@renderer/db/people';
import { mainAuthority } from '@renderer/platform/qa';
import { useSession } from '@renderer/session/session';
import   {} from '@renderer/ui/PersonFields';
import { useSubmit } from '@renderer/session/useSubmit';
import { describeError } from '@renderer/session/errors';
import { PersonModal } from '@renderer/widgets/PersonModal';
import { HandoutModal, LoginCell, useTeamLogins } from './teamLogins';

type Editing<T> = { open: false } | { open: true; record: T | null };

export function PeoplePage() {
  const { t } = useTranslation();
  const { ctx, team } = useSession();
  const { message } = App.useApp();
  const logins = useTeamLogins();
  const [people, setPeople] = useState<Person[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const [query, setQuery] = useState('');
  const [teamEdit, setTeamEdit] = useState<Editing<Team>>({ open: false });
  const [personEdit, setPersonEdit] = useState<Editing<Person>>({ open: false });

  const reload = useCallback(async () => {
    const [p, tm] = await Promise.all([listPeople(ctx), listTeams(ctx)]);
    setPeople(p);
    setTeams(tm);
  }, [ctx]);
  useEffect(() => void reload(), [reload]);

  const teamName = useMemo(() => new Map(teams.map((x) => [x.id, x.name])), [teams]);
  const personName = useMemo(() => new Map(people.map((x) => [x.id, x.name])), [people]);
  const q = query.trim().toLowerCase();
  const today = dayjs().format('YYYY-MM-DD');
  const shown = q ? people.filter((p) => `${p.name} ${p.email} ${p.employeeNo}`.toLowerCase().includes(q)) : people;

  const toggleActive = async (p: Person) => {
    try {
      // On a team console the server disables or enables the login with the person (main keeps no account).
      await setPersonActive(ctx, p.id, !p.active, team ? undefined : mainAuthority);
      await reload();
      if (team) await team.sync.round().then(logins.reload);
    } catch (e) {
      void message.error(describeError(e).message);
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="page-people">
      <Card
        title={t('people.teams')}
        extra={
          <Button type="primary" onClick={() => setTeamEdit({ open: true, record: null })} data-testid="add-team">
            {t('people.addTeam')}
          </Button>
        }
      >
        <Table<Team>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={teams}
          locale={{ emptyText: <Empty description={t('people.emptyTeams')} /> }}
          columns={[
            { title: t('fields.teamName'), dataIndex: 'name' },
            { title: t('fields.lead'), render: (_, r) => (r.leadId ? personName.get(r.leadId) ?? '—' : t('fields.noLead')) },
            { title: t('fields.members'), render: (_, r) => people.filter((p) => p.teamId === r.id && p.active).length },
            { title: '', width: 90, render: (_, r) => <Button size="small" onClick={() => setTeamEdit({ open: true, record: r })}>{t('people.edit')}</Button> },
          ]}
        />
      </Card>
      <Card
        title={t('people.people')}
        extra={
          <Space>
            <Input.Search allowClear placeholder={t('people.search')} onChange={(e) => setQuery(e.target.value)} style={{ width: 260 }} />
            <Button type="primary" onClick={() => setPersonEdit({ open: true, record: null })} data-testid="add-person">
              {t('people.addPerson')}
            </Button>
          </Space>
        }
      >
        <Table<Person>
          rowKey="id"
          size="small"
          dataSource={shown}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('people.emptyPeople')} /> }}
          columns={[
            { title: t('fields.name'), dataIndex: 'name', sorter: (a, b) => a.name.localeCompare(b.name) },
            { title: t('fields.email'), dataIndex: 'email' },
            { title: t('fields.employeeNo'), dataIndex: 'employeeNo' },
            { title: t('fields.team'), render: (_, r) => (r.teamId ? teamName.get(r.teamId) : t('fields.noTeam')) },
            { title: t('fields.role'), render: (_, r) => t(`roles.${r.role}`) },
            {
              title: t('fields.status'),
              render: (_, r) => (
                <>
                  {r.active ? <Tag color="green">{t('people.active')}</Tag> : <Tag>{t('people.inactive')}</Tag>}
                  {r.leave?.some((l) => l.from <= today && today <= l.to) && <Tag color="gold">{t('people.onLeave')}</Tag>}
                </>
              ),
            },
            ...(logins.logins
              ? [{ title: t('people.team.login'), key: 'login', render: (_: unknown, r: Person) => <LoginCell p={r} login={logins.logins!.get(r.id)} onProvision={() => void logins.provision(r)} onReset={() => void logins.reset(r)} /> }]
              : []),
            {
              title: '',
              width: 200,
              render: (_, r) => (
                <Space>
                  <Button size="small" onClick={() => setPersonEdit({ open: true, record: r })}>
                    {t('people.edit')}
                  </Button>
                  {r.active ? (
                    <Popconfirm title={t('people.deactivateConfirm', { name: r.name })} onConfirm={() => toggleActive(r)} okText={t('actions.ok')} cancelText={t('actions.cancel')}>
                      <Button size="small" danger>
                        {t('people.deactivate')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button size="small" onClick={() => toggleActive(r)}>
                      {t('people.reactivate')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {teamEdit.open && (
        <TeamModal
          team={teamEdit.record}
          people={people}
          onClose={() => setTeamEdit({ open: false })}
          onSaved={async () => {
            setTeamEdit({ open: false });
            await reload();
          }}
        />
      )}
      {personEdit.open && (
        <PersonModal
          person={personEdit.record}
          teams={teams}
          onClose={() => setPersonEdit({ open: false })}
          onSaved={async (saved) => {
            const added = !personEdit.record;
            setPersonEdit({ open: false });
            void message.success(t('people.saved'));
            await reload();
            // A person added on a team console gets their login on the server at once, its one-time password shown.
            if (team && added) await logins.provision(saved);
          }}
        />
      )}
      {logins.handout && <HandoutModal handout={logins.handout} onClose={logins.closeHandout} />}
    </Space>
  );
}

function TeamModal({ team, people, onClose, onSaved }: { team: Team | null; people: Person[]; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const [form] = Form.useForm<{ name: string; leadId: string | null }>();
  const { busy, error, submit } = useSubmit<{ name: string; leadId: string | null }>(form, async (v) => {
    await saveTeam(ctx, { id: team?.id, name: v.name, leadId: v.leadId ?? null });
    onSaved();
  });
  const leads = people.filter((p) => p.active && mayScore(p.role));
  return (
    <Modal open title={team ? t('people.editTeam') : t('people.addTeam')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} okText={t('actions.save')} cancelText={t('actions.cancel')} okButtonProps={{ 'data-testid': 'save-team' } as Record<`data-${string}`, string>}>
      <Form form={form} layout="vertical" initialValues={{ name: team?.name ?? '', leadId: team?.leadId ?? null }} onFinish={submit}>
        <Form.Item name="name" label={t('fields.teamName')} rules={[{ required: true, whitespace: true, message: t('errors.required') }]}>
          <Input autoFocus data-testid="field-team-name" />
        </Form.Item>
        <Form.Item name="leadId" label={t('fields.lead')}>
          <Select allowClear placeholder={t('fields.noLead')} options={leads.map((p) => ({ value: p.id, label: `${p.name} (${t(`roles.${p.role}`)})` }))} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}

