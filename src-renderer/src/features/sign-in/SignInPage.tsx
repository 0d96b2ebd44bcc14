// Sign-in by e-mail or employee number; says plainly why a sign-in failed.
import { Alert, Button, Card, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { signIn } from '@renderer/db/auth';
import type { RepoContext } from '@renderer/db/context';
import type { Person } from '@renderer/domain/model';
import { mainAuthority } from '@renderer/platform/qa';
import { formatDateTime } from '@renderer/ui/i18n';
import { useSubmit } from '@renderer/session/useSubmit';

interface Values {
  login: string;
  password: string;
}

export function SignInPage({ ctx, onSignedIn }: { ctx: RepoContext; onSignedIn: (p: Person) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { busy, error, setError, submit } = useSubmit<Values>(form, async (v) => {
    const r = await signIn(ctx, v.login, v.password, mainAuthority);
    if (r.ok) return onSignedIn(r.person);
    form.setFieldValue('password', '');
    setError(t(`signIn.${r.reason}`, { until: formatDateTime(r.lockedUntil ?? null) }));
  });
  return (
    <div className="qa-center">
      <Card className="qa-card" title={`${t('app.title')} · ${t('signIn.title')}`} data-testid="sign-in">
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="login" label={t('fields.login')} rules={[{ required: true, message: t('errors.required') }]}>
            <Input autoFocus data-testid="field-login" />
          </Form.Item>
          <Form.Item name="password" label={t('fields.password')} rules={[{ required: true, message: t('errors.required') }]}>
            <Input.Password data-testid="field-password" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="sign-in-error" />}
          <Button type="primary" htmlType="submit" loading={busy} block data-testid="sign-in-submit">
            {t('signIn.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
