// "Join a team server": where the department's PostgreSQL is (host, port, database, TLS). No user or password
// here: each person signs in as themself next. Main keeps the choice beside its own data.
import { Alert, Button, Form, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TeamConfig, TeamConnection } from '@contract';
import { qa } from '@renderer/platform/qa';
import { useSubmit } from '@renderer/session/useSubmit';

export function TeamJoinForm({ initial, onJoined }: { initial?: TeamConnection | null; onJoined: (c: TeamConfig) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TeamConnection>();
  const { busy, error, submit } = useSubmit<TeamConnection>(form, async (v) => onJoined(await qa('teamJoin', { connection: { ...v, host: v.host.trim(), database: v.database.trim() } })));
  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} initialValues={initial ?? { host: '', port: 5432, database: 'qa_console', tls: 'require' }} data-testid="team-join">
      <TeamServerFields />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="team-join-error" />}
      <Button type="primary" htmlType="submit" loading={busy} block data-testid="team-join-submit">
        {t('team.join')}
      </Button>
    </Form>
  );
}

/** Where a team server is: host, port, database, TLS (the join form's and the move's). */
export function TeamServerFields({ autoFocus = true }: { autoFocus?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="host" label={t('team.host')} rules={[{ required: true, whitespace: true, message: t('errors.required') }]} extra={t('team.hostHelp')}>
        <Input autoFocus={autoFocus} data-testid="team-host" placeholder="qa-db.example.internal" />
      </Form.Item>
      <Form.Item name="port" label={t('team.port')} rules={[{ required: true, message: t('errors.required') }]}>
        <InputNumber min={1} max={65535} style={{ width: 140 }} data-testid="team-port" />
      </Form.Item>
      <Form.Item name="database" label={t('team.database')} rules={[{ required: true, whitespace: true, message: t('errors.required') }]}>
        <Input data-testid="team-database" />
      </Form.Item>
      <Form.Item name="tls" label={t('team.tls')}>
        <Select
          data-testid="team-tls"
          options={(['verify-full', 'require', 'disable'] as const).map((v) => ({ value: v, label: t(`settings.tls.${v}`) }))}
        />
      </Form.Item>
    </>
  );
}
