// First run: create the administrator account.
import { Alert, Button, Card, Form, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { createFirstAdmin } from '@renderer/db/auth';
import type { RepoContext } from '@renderer/db/context';
import type { Person } from '@renderer/domain/model';
import { mainAuthority } from '@renderer/platform/qa';
import { PasswordFields, PersonFields } from '@renderer/ui/PersonFields';
import { useSubmit } from '@renderer/session/useSubmit';

interface Values {
  name: string;
  email: string;
  employeeNo: string;
  password: string;
}

export function FirstRunPage({ ctx, onCreated }: { ctx: RepoContext; onCreated: (p: Person) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { busy, error, submit } = useSubmit<Values>(form, async (v) => {
    const admin = await createFirstAdmin(ctx, v, v.password, mainAuthority);
    onCreated(admin);
  });
  return (
    <div className="qa-center">
      <Card className="qa-card" title={t('firstRun.title')} data-testid="first-run">
        <Typography.Paragraph type="secondary">{t('firstRun.intro')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <PersonFields />
          <PasswordFields />
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" loading={busy} block data-testid="create-admin">
            {t('firstRun.create')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
