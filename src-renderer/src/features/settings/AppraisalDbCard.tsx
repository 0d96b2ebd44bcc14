// Settings → appraisal database: where locked appraisal records go (the company's PostgreSQL). The password is sent
// to main once and kept there encrypted by the system keychain; the form only learns whether one is saved. "Test
// connection" connects, creates or migrates the console's schema and says what it found, or the server's error.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Checkbox, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SyncConnection, SyncSettings, SyncTest } from '@contract';
import { qa, QaCallError } from '@renderer/platform/qa';
import { writeSetting } from '@renderer/db/settings';
import { useSession } from '@renderer/session/session';
import { describeError, fieldStatus } from '@renderer/session/errors';
import { i18n } from '@renderer/ui/i18n';

const EMPTY: SyncConnection = { host: '', port: 5432, database: '', user: '', tls: 'require' };

const FORM_FIELDS = ['host', 'port', 'database', 'user', 'password'] as const;

/**
 * The contract names the field ("connection.host"); the form's fields are named without the prefix. A field the
 * form refused is said in the reader's language; the server's own words (sign-in refused, unreachable) stay as sent.
 */
function callError(err: unknown): { field?: string; message: string } {
  if (!(err instanceof QaCallError)) return describeError(err);
  const field = err.shape.where?.replace(/^connection\./, '');
  const known = FORM_FIELDS.find((f) => f === field);
  if (err.shape.key && i18n.exists(err.shape.key)) return { field, message: i18n.t(err.shape.key) };
  if (err.shape.code === 'invalid-input' && known) return { field, message: i18n.t(`settings.dbInvalid.${known}`) };
  return { field, message: err.shape.message };
}

export function AppraisalDbCard() {
  const { t } = useTranslation();
  const session = useSession();
  const { message } = App.useApp();
  const [saved, setSaved] = useState<SyncSettings | null>(null);
  const [conn, setConn] = useState<SyncConnection>(EMPTY);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [tested, setTested] = useState<SyncTest | null>(null);
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);

  useEffect(() => {
    void qa('getSyncSettings', {}).then((s) => {
      setSaved(s);
      if (s.connection) setConn(s.connection);
    });
  }, []);

  const save = async () => {
    setBusy('save');
    setError(null);
    try {
      const s = await qa('saveSyncSettings', { connection: conn, ...(password ? { password } : {}) });
      setSaved(s);
      setPassword('');
      message.success(t('settings.saved'));
    } catch (err) {
      setError(callError(err));
    } finally {
      setBusy(null);
    }
  };

  const test = async () => {
    setBusy('test');
    setError(null);
    setTested(null);
    try {
      // What the form holds, with the typed password or else the saved one.
      setTested(await qa('testSyncConnection', { connection: conn, ...(password ? { password } : {}) }));
    } catch (err) {
      setError(callError(err));
    } finally {
      setBusy(null);
    }
  };

  const field = (name: keyof SyncConnection, label: string, input: React.ReactNode) => (
    <Form.Item label={label} {...fieldStatus(error, name)}>
      {input}
    </Form.Item>
  );

  return (
    <div data-testid="appraisal-db">
      <Typography.Paragraph type="secondary">{t('settings.appraisalDbHelp')}</Typography.Paragraph>
      <Form layout="vertical" onFinish={() => void save()}>
        <Space wrap align="start">
          {field('host', t('settings.dbHost'), <Input value={conn.host} onChange={(e) => setConn({ ...conn, host: e.target.value })} style={{ width: 220 }} data-testid="db-host" />)}
          {field('port', t('settings.dbPort'), <InputNumber min={1} max={65535} value={conn.port} onChange={(v) => setConn({ ...conn, port: v ?? 5432 })} data-testid="db-port" />)}
          {field('database', t('settings.dbName'), <Input value={conn.database} onChange={(e) => setConn({ ...conn, database: e.target.value })} style={{ width: 160 }} data-testid="db-name" />)}
          {field('user', t('settings.dbUser'), <Input value={conn.user} onChange={(e) => setConn({ ...conn, user: e.target.value })} style={{ width: 160 }} data-testid="db-user" autoComplete="off" />)}
          <Form.Item label={t('settings.dbPassword')} {...fieldStatus(error, 'password')} extra={saved?.hasPassword ? t('settings.dbPasswordSaved') : undefined}>
            <Input.Password value={password} onChange={(e) => setPassword(e.target.value)} style={{ width: 180 }} data-testid="db-password" autoComplete="new-password" placeholder={saved?.hasPassword ? '••••••••' : ''} />
          </Form.Item>
          {field(
            'tls',
            t('settings.dbTls'),
            <Select
              value={conn.tls}
              onChange={(v) => setConn({ ...conn, tls: v })}
              style={{ width: 200 }}
              data-testid="db-tls"
              options={(['disable', 'require', 'verify-full'] as const).map((v) => ({ value: v, label: t(`settings.tls.${v}`) }))}
            />,
          )}
        </Space>
        {saved?.secretStorage === 'file' && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('settings.dbSecretFile')} />}
        {saved?.secretStorage === 'unavailable' && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('settings.dbSecretUnavailable')} />}
        {saved?.secretStorage === 'plain' && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('settings.dbSecretPlain')} data-testid="db-secret-plain" />}
        {error && !FORM_FIELDS.some((f) => f === error.field) && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error.message} data-testid="db-error" />}
        {tested && <Alert type="success" showIcon style={{ marginBottom: 12 }} data-testid="db-tested" title={t('settings.dbTested', { version: tested.serverVersion, schema: tested.schemaVersion, records: tested.records })} description={tested.migratedFrom < tested.schemaVersion ? t('settings.dbMigrated', { from: tested.migratedFrom, to: tested.schemaVersion }) : undefined} />}
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={busy === 'save'} data-testid="db-save">
            {t('actions.save')}
          </Button>
          <Button onClick={() => void test()} loading={busy === 'test'} data-testid="db-test">
            {t('settings.dbTest')}
          </Button>
          {saved?.hasPassword && (
            <Button onClick={() => void qa('saveSyncSettings', { connection: conn, password: null }).then(setSaved)} data-testid="db-forget">
              {t('settings.dbForget')}
            </Button>
          )}
          <Checkbox checked={session.settings.appraisalAutoSync} onChange={(e) => void writeSetting(session.ctx, 'appraisalAutoSync', e.target.checked).then(session.reloadSettings)} data-testid="setting-appraisalAutoSync">
            {t('settings.autoSync')}
          </Checkbox>
        </Space>
      </Form>
    </div>
  );
}
