// First run: this workstation only (create the administrator account) or join the department's team server.
import { useState, type ReactNode } from 'react';
import { Alert, Button, Card, Form, Segmented, Typography } from 'antd';
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

/** `join`: the team server form, composed in by the app (another feature). */
export function FirstRunPage({ ctx, onCreated, join }: { ctx: RepoContext; onCreated: (p: Person) => void; join: ReactNode }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [mode, setMode] = useState<'standalone' | 'team'>('standalone');
  const { busy, error, submit } = useSubmit<Values>(form, async (v) => {
    const admin = await createFirstAdmin(ctx, v, v.password, mainAuthority);
    onCreated(admin);
  });
  return (
    <div className="qa-center">
      <Card className="qa-card" title={t('firstRun.title')} data-testid="first-run">
        <Segmented<'standalone' | 'team'>
          block
          value={mode}
          onChange={setMode}
          style={{ marginBottom: 16 }}
          data-testid="first-run-mode"
          options={[
            { value: 'standalone', label: <span data-testid="mode-standalone">{t('firstRun.standalone')}</span> },
            { value: 'team', label: <span data-testid="mode-team">{t('firstRun.team')}</span> },
          ]}
        />
        {/* Both stay mounted: switching back and forth keeps what was typed. */}
        <div style={{ display: mode === 'standalone' ? undefined : 'none' }}>
            <Typography.Paragraph type="secondary">{t('firstRun.intro')}</Typography.Paragraph>
            <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
              <PersonFields />
              <PasswordFields />
              {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
              <Button type="primary" htmlType="submit" loading={busy} block data-testid="create-admin">
                {t('firstRun.create')}
              </Button>
            </Form>
        </div>
        <div style={{ display: mode === 'team' ? undefined : 'none' }}>
          <Typography.Paragraph type="secondary">{t('firstRun.teamIntro')}</Typography.Paragraph>
          {join}
        </div>
      </Card>
    </div>
  );
}
