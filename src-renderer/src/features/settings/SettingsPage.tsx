// Settings: language, sign-in security, backups (now, list, restore after confirmation), storage, audit, demo data.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Checkbox, Descriptions, Form, InputNumber, List, Popconfirm, Progress, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BackupInfo } from '@contract';
import type { Settings } from '@renderer/domain/settings';
import { writeSetting } from '@renderer/db/settings';
import { BackupDamaged, checkBackup } from '@renderer/db/backup';
import { runBackupJob } from '@renderer/workers/runBackupJob';
import { mainAuthority, qa } from '@renderer/platform/qa';
import { formatDateTime, formatNumber } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { useLanguageChoice } from '@renderer/session/useLanguage';
import { describeError } from '@renderer/session/errors';
import { backupNow } from './useScheduledBackup';
import { ServiceStandardsCard } from './ServiceStandardsCard';
import { AppraisalDbCard } from './AppraisalDbCard';
import { AppraisalConfigCard } from './AppraisalConfigCard';
import { ValueListsCard } from './ValueListsCard';
import { isAdminRole, overseesAll } from '@renderer/domain/roles';
import { accountsForMain, checkAuditChain, workspaceName } from '@renderer/db/workspace';

type Numeric = 'idleLockMinutes' | 'lockoutThreshold' | 'lockoutMinutes' | 'backupIntervalHours' | 'backupKeep' | 'disputeWindowDays' | 'disputeResponseDays' | 'minEvaluations' | 'actionDefaultDays' | 'actionDueSoonDays' | 'actionEscalateAfterDays';

/** `demo`: the demo workspace loader; `team`: the team server's card (team mode); both composed in by the shell (other features). */
export function SettingsPage({ demo, team }: { demo?: ReactNode; team?: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const { ctx, settings, person, info } = session;
  const { message } = App.useApp();
  const language = useLanguageChoice();
  const isAdmin = isAdminRole(person.role);
  const [backups, setBackups] = useState<BackupInfo[]>([]);
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const [audit, setAudit] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [work, setWork] = useState<{ label: string; percent: number } | null>(null);
  const track = (label: string) => (done: number, total: number) => setWork({ label, percent: Math.floor((done / Math.max(1, total)) * 100) });
  const [restoreError, setRestoreError] = useState<string | null>(null);

  const reloadBackups = useCallback(async () => setBackups(await qa('listBackups', {})), []);
  useEffect(() => {
    if (isAdmin) void reloadBackups();
    void (async () => {
      const s = navigator.storage;
      if (!s?.persist) return setPersisted(false);
      setPersisted((await s.persisted()) || (await s.persist()));
    })();
  }, [isAdmin, reloadBackups]);

  const save = async <K extends keyof Settings>(key: K, value: Settings[K]) => {
    try {
      await writeSetting(ctx, key, value);
      await session.reloadSettings();
      void message.success(t('settings.saved'));
    } catch (e) {
      void message.error(describeError(e).message);
    }
  };

  const num = (key: Numeric, label: string, min: number, max: number) => (
    <Form.Item label={label}>
      <InputNumber min={min} max={max} value={settings[key]} onChange={(v) => typeof v === 'number' && save(key, v)} data-testid={`setting-${key}`} />
    </Form.Item>
  );

  const doBackup = async () => {
    setBusy(true);
    try {
      const b = await backupNow(ctx, info.version, 'manual', track(t('settings.backupNow')));
      void message.success(t('settings.backupDone', { name: b.name }));
      await reloadBackups();
      await session.reloadSettings();
    } catch (e) {
      void message.error(describeError(e).message);
    } finally {
      setBusy(false);
      setWork(null);
    }
  };

  const doRestore = async (name: string) => {
    setBusy(true);
    setRestoreError(null);
    try {
      const { content } = await qa('readBackup', { name });
      checkBackup(content); // refuse a damaged file before touching anything
      await backupNow(ctx, info.version, 'pre-restore', track(t('settings.backupNow')));
      await runBackupJob({ kind: 'import', dbName: workspaceName(ctx), content }, track(t('settings.restore')));
      // Main learns who may sign in from the restored workspace (this admin's session still authorises it).
      await mainAuthority.register(await accountsForMain(ctx), true);
      void message.success(t('settings.restoreDone', { name }));
      session.signOut();
    } catch (e) {
      setRestoreError(e instanceof BackupDamaged ? t('errors.backupDamaged', { name, reason: e.reason }) : describeError(e).message);
    } finally {
      setBusy(false);
      setWork(null);
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%', maxWidth: 960 }}>
      {team}
      <Card title={t('settings.general')}>
        <Form layout="vertical">
          <Form.Item label={t('app.language')}>
            <Select
              value={language.value}
              onChange={(v) => void language.choose(v).then(() => message.success(t('settings.saved')), (e: unknown) => message.error(describeError(e).message))}
              style={{ width: 260 }}
              data-testid="settings-language"
              options={language.options}
            />
          </Form.Item>
          {isAdmin && num('idleLockMinutes', t('settings.idleLock'), 0, 240)}
          <Form.Item>
            <Checkbox checked={settings.desktopNotifications} onChange={(e) => save('desktopNotifications', e.target.checked)} data-testid="setting-desktopNotifications">
              {t('settings.desktopNotifications')}
            </Checkbox>
          </Form.Item>
        </Form>
      </Card>
      {isAdmin && <ValueListsCard />}
      {overseesAll(person.role) && (
        <>
          <ServiceStandardsCard />
          <Card title={t('settings.reviews')} data-testid="review-settings">
            <Form layout="inline">
              {num('disputeWindowDays', t('settings.disputeWindow'), 1, 90)}
              {num('minEvaluations', t('settings.minEvaluations'), 1, 100)}
              {num('actionDefaultDays', t('settings.actionDefaultDays'), 1, 365)}
              {num('actionDueSoonDays', t('settings.actionDueSoonDays'), 0, 60)}
              {num('actionEscalateAfterDays', t('settings.actionEscalateAfterDays'), 0, 60)}
              {num('disputeResponseDays', t('settings.disputeResponse'), 1, 60)}
              <Form.Item>
                <Checkbox checked={settings.leadsDecideDisputes} onChange={(e) => save('leadsDecideDisputes', e.target.checked)} data-testid="setting-leadsDecideDisputes">
                  {t('settings.leadsDecide')}
                </Checkbox>
              </Form.Item>
            </Form>
          </Card>
          <Card title={t('settings.appraisalConfig')}>
            <AppraisalConfigCard />
          </Card>
          <Card title={t('settings.appraisalDb')}>
            <AppraisalDbCard />
          </Card>
        </>
      )}
      {isAdmin && (
        <>
          {session.team && (
            <Card title={t('settings.backups')} data-testid="team-backups">
              <Typography.Paragraph>{t('team.backupsOnServer')}</Typography.Paragraph>
            </Card>
          )}
          {!session.team && (<>
          <Card title={t('settings.security')}>
            <Form layout="inline">
              {num('lockoutThreshold', t('settings.lockoutThreshold'), 1, 20)}
              {num('lockoutMinutes', t('settings.lockoutMinutes'), 1, 1440)}
            </Form>
          </Card>
          <Card
            title={t('settings.backups')}
            extra={
              <Button type="primary" onClick={doBackup} loading={busy} data-testid="backup-now">
                {t('settings.backupNow')}
              </Button>
            }
          >
            <Form layout="inline" style={{ marginBottom: 16 }}>
              {num('backupIntervalHours', t('settings.backupInterval'), 0, 24 * 30)}
              {num('backupKeep', t('settings.backupKeep'), 1, 365)}
            </Form>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('settings.persist')}>
                <span data-testid="persist-status">{persisted === null ? '…' : persisted ? t('settings.persistGranted') : t('settings.persistDenied')}</span>
              </Descriptions.Item>
              <Descriptions.Item label="">{t('settings.backupFolder', { dir: info.backupDir })}</Descriptions.Item>
              <Descriptions.Item label="">{t('settings.lastBackup', { at: settings.lastBackupAt ? formatDateTime(settings.lastBackupAt) : t('settings.never') })}</Descriptions.Item>
            </Descriptions>
            {work && (
              <div data-testid="backup-progress">
                {work.label}
                <Progress percent={work.percent} />
              </div>
            )}
            {restoreError && <Alert type="error" showIcon title={restoreError} style={{ marginBottom: 12 }} data-testid="restore-error" />}
            <List
              size="small"
              bordered
              data-testid="backup-list"
              locale={{ emptyText: t('settings.noBackups') }}
              dataSource={backups}
              renderItem={(b) => (
                <List.Item
                  actions={[
                    <Popconfirm key="r" title={t('settings.restoreConfirm', { name: b.name })} onConfirm={() => doRestore(b.name)} okText={t('settings.restore')} cancelText={t('actions.cancel')} okButtonProps={{ danger: true }}>
                      <Button size="small" danger disabled={busy}>
                        {t('settings.restore')}
                      </Button>
                    </Popconfirm>,
                  ]}
                >
                  <Typography.Text code>{b.name}</Typography.Text> {formatNumber(b.bytes / 1024, 0)} KB · {formatDateTime(b.createdAt)}
                </List.Item>
              )}
            />
          </Card>
          </>)}
          <Card title={t('settings.audit')}>
            <Space>
              <Button
                data-testid="verify-audit"
                onClick={async () => {
                  // A team console checks the server's own log (the one no console can skip or rewrite).
                  if (session.team) {
                    const v = await qa('teamVerifyAudit', {});
                    return setAudit(v.firstBroken === null ? t('settings.verifyOk', { count: v.entries }) : t('settings.verifyBroken', { seq: v.firstBroken, reason: v.reason }));
                  }
                  const v = await checkAuditChain(ctx);
                  setAudit(v.ok ? t('settings.verifyOk', { count: v.checked }) : t('settings.verifyBroken', { seq: v.brokenAtSeq, reason: v.reason }));
                }}
              >
                {t('settings.verify')}
              </Button>
              {audit && <Typography.Text data-testid="audit-result">{audit}</Typography.Text>}
            </Space>
          </Card>
          {demo && <Card title={t('settings.demo')}>{demo}</Card>}
        </>
      )}
    </Space>
  );
}
