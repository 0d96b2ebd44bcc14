// Settings → "Move to a team server" (an admin of a standalone workspace): the empty team server the DBA set up and
// its migration login; a progress bar by table with Cancel (started again, the move goes on where it stopped); the
// verification table by table; then the people's one-time passwords, listed once, to copy or save as a file; then
// this workstation signs in to the server. A failure leaves the standalone workspace as it was.
import { useRef, useState } from 'react';
import { Alert, Button, Card, Form, Input, Modal, Progress, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TeamConnection } from '@contract';
import { moveWorkspace, type MovedWorkspace, type MoveProgress } from '@renderer/db/teamMove';
import { workspaceName } from '@renderer/db/workspace';
import { qa } from '@renderer/platform/qa';
import { saveBytes } from '@renderer/platform/saveFile';
import { tableToCsv } from '@renderer/workers/tableFile';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';
import { TeamServerFields } from './TeamJoinForm';

type Values = TeamConnection & { user: string; password: string };

export function MoveToTeamCard() {
  const { t } = useTranslation();
  const { ctx, signOut } = useSession();
  const [form] = Form.useForm<Values>();
  const [progress, setProgress] = useState<MoveProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [moved, setMoved] = useState<MovedWorkspace | null>(null);
  const abort = useRef<AbortController | null>(null);

  const start = async (v: Values) => {
    setError(null);
    const connection: TeamConnection = { host: v.host.trim(), port: v.port, database: v.database.trim(), tls: v.tls };
    abort.current = new AbortController();
    setProgress({ phase: 'upload', table: '', done: 0, total: 1 });
    try {
      const r = await moveWorkspace(
        ctx,
        {
          begin: () => qa('teamMoveBegin', { connection, user: v.user.trim(), password: v.password, workspace: workspaceName(ctx) }),
          upload: async (table, records) => (await qa('teamMoveUpload', { table, records })).inserted,
          digest: (table) => qa('teamMoveDigest', { table }),
          finish: async (people) => (await qa('teamMoveFinish', { people })).handouts,
        },
        { onProgress: setProgress, signal: abort.current.signal },
      );
      setMoved(r);
    } catch (e) {
      await qa('teamMoveCancel', {}).catch(() => undefined);
      setError(e instanceof DOMException && e.name === 'AbortError' ? t('team.move.cancelled') : describeError(e).message);
    } finally {
      setProgress(null);
    }
  };

  const saveHandouts = async (m: MovedWorkspace) => {
    const header = [t('fields.name'), t('fields.employeeNo'), t('people.team.login'), t('people.team.password')];
    await saveBytes('one-time-passwords.csv', tableToCsv({ header, rows: m.handouts.map((h) => [h.name, h.employeeNo, h.login, h.password]) })).catch((e: unknown) => setError(describeError(e).message));
  };

  const pct = progress ? Math.floor((100 * progress.done) / Math.max(1, progress.total)) : 0;
  return (
    <Card title={t('team.move.title')} data-testid="move-to-team">
      <Typography.Paragraph type="secondary">{t('team.move.intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void start(v)} requiredMark={false} initialValues={{ host: '', port: 5432, database: 'qa_team', tls: 'require', user: 'qa_migrator' }} disabled={!!progress}>
        <TeamServerFields autoFocus={false} />
        <Space align="start" wrap>
          <Form.Item name="user" label={t('team.move.user')} rules={[{ required: true, whitespace: true, message: t('errors.required') }]} extra={t('team.move.userHelp')}>
            <Input data-testid="move-user" style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="password" label={t('team.move.password')} rules={[{ required: true, message: t('errors.required') }]}>
            <Input.Password data-testid="move-password" style={{ width: 240 }} />
          </Form.Item>
        </Space>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="move-error" />}
        {!progress && (
          <Button type="primary" htmlType="submit" data-testid="move-start">
            {t('team.move.start')}
          </Button>
        )}
      </Form>
      {progress && (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="move-progress">
          <Progress percent={pct} />
          <Typography.Text>{t(`team.move.phase.${progress.phase}`, { table: t(`team.tables.${progress.table}`, { defaultValue: progress.table }), done: progress.done, total: progress.total })}</Typography.Text>
          <Button onClick={() => abort.current?.abort()} data-testid="move-cancel">
            {t('actions.cancel')}
          </Button>
        </Space>
      )}
      {moved && (
        <Modal
          open
          width={720}
          title={t('team.move.doneTitle')}
          closable={false}
          maskClosable={false}
          footer={[
            <Button key="save" onClick={() => void saveHandouts(moved)} data-testid="move-save-handouts">
              {t('people.team.saveHandout')}
            </Button>,
            <Button key="go" type="primary" onClick={() => (signOut(), window.location.reload())} data-testid="move-continue">
              {t('team.move.continue')}
            </Button>,
          ]}
        >
          <Alert type="warning" showIcon title={t('people.team.handoutOnce')} style={{ marginBottom: 12 }} />
          <Typography.Paragraph>{t('team.move.verified', { tables: moved.tables.length, rows: moved.tables.reduce((n, x) => n + x.count, 0) })}</Typography.Paragraph>
          <Table
            size="small"
            rowKey="personId"
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            dataSource={moved.handouts}
            data-testid="move-handouts"
            columns={[
              { title: t('fields.name'), dataIndex: 'name' },
              { title: t('fields.employeeNo'), dataIndex: 'employeeNo' },
              { title: t('people.team.login'), dataIndex: 'login', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
              { title: t('people.team.password'), dataIndex: 'password', render: (v: string) => <Typography.Text code copyable>{v}</Typography.Text> },
            ]}
          />
        </Modal>
      )}
    </Card>
  );
}
