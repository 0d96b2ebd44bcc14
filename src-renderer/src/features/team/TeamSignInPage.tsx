// Team sign-in: the person's employee number and their own password on the team server (main connects as their
// login: that is the check). A one-time password is changed here before anything opens.
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TeamConnection, TeamSignInAnswer } from '@contract';
import { qa } from '@renderer/platform/qa';
import { PasswordFields } from '@renderer/ui/PersonFields';
import { useSubmit } from '@renderer/session/useSubmit';

export const serverLabel = (c: TeamConnection) => `${c.database} @ ${c.host}:${c.port}`;

export function TeamSignInPage({ connection, notice, onSignedIn, onChangeServer }: { connection: TeamConnection; notice?: string | null; onSignedIn: (a: TeamSignInAnswer) => void; onChangeServer: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ employeeNo: string; password: string }>();
  const [pwForm] = Form.useForm<{ password: string; passwordAgain: string }>();
  const [answer, setAnswer] = useState<TeamSignInAnswer | null>(null);
  const signIn = useSubmit<{ employeeNo: string; password: string }>(form, async (v) => {
    const a = await qa('teamSignIn', { employeeNo: v.employeeNo.trim(), password: v.password });
    form.setFieldValue('password', '');
    if (a.mustChange) setAnswer(a);
    else onSignedIn(a);
  });
  const change = useSubmit<{ password: string }>(pwForm, async (v) => {
    await qa('teamChangePassword', { password: v.password });
    onSignedIn({ ...answer!, mustChange: false });
  });
  return (
    <div className="qa-center">
      <Card className="qa-card" title={`${t('app.title')} · ${t(answer ? 'team.newPasswordTitle' : 'signIn.title')}`} data-testid="team-sign-in">
        <Typography.Paragraph type="secondary" data-testid="team-server-label">
          {t('team.signInTo', { server: serverLabel(connection) })}
        </Typography.Paragraph>
        {notice && <Alert type="info" showIcon title={notice} style={{ marginBottom: 16 }} data-testid="team-sign-in-notice" />}
        {answer ? (
          <Form form={pwForm} layout="vertical" onFinish={change.submit} requiredMark={false}>
            <Typography.Paragraph>{t('team.newPasswordIntro')}</Typography.Paragraph>
            <PasswordFields label={t('team.newPassword')} />
            {change.error && <Alert type="error" showIcon title={change.error} style={{ marginBottom: 16 }} />}
            <Button type="primary" htmlType="submit" loading={change.busy} block data-testid="team-new-password-submit">
              {t('team.setPassword')}
            </Button>
          </Form>
        ) : (
          <Form form={form} layout="vertical" onFinish={signIn.submit} requiredMark={false}>
            <Form.Item name="employeeNo" label={t('fields.employeeNo')} rules={[{ required: true, whitespace: true, message: t('errors.required') }]}>
              <Input autoFocus data-testid="team-employee-no" />
            </Form.Item>
            <Form.Item name="password" label={t('fields.password')} rules={[{ required: true, message: t('errors.required') }]}>
              <Input.Password data-testid="team-password" />
            </Form.Item>
            {signIn.error && <Alert type="error" showIcon title={signIn.error} style={{ marginBottom: 16 }} data-testid="team-sign-in-error" />}
            <Button type="primary" htmlType="submit" loading={signIn.busy} block data-testid="team-sign-in-submit">
              {t('signIn.submit')}
            </Button>
            <Button type="link" block onClick={onChangeServer} style={{ marginTop: 8 }} data-testid="team-change-server">
              {t('team.changeServer')}
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
