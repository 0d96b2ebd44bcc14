// The signed-in frame: navigation by role, header with language, lock and sign-out; idle lock; scheduled backups.
import { useEffect, useState, type ReactNode } from 'react';
import { Button, Layout, Menu, Modal, Select, Space, Typography } from 'antd';
import { LockOutlined, LogoutOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { mayManagePeople, pagesFor, type Page } from '@renderer/domain/roles';
import { useLanguageChoice } from '@renderer/session/useLanguage';
import { TeamStatusBar } from '@renderer/features/team/TeamStatusBar';
import { TeamServerCard } from '@renderer/features/team/TeamServerCard';
import { MoveToTeamCard } from '@renderer/features/team/MoveToTeamCard';
import { useSession } from '@renderer/session/session';
import { LockScreen, useIdleLock } from '@renderer/features/sign-in/LockScreen';
import { PeoplePage } from '@renderer/features/people/PeoplePage';
import { SettingsPage } from '@renderer/features/settings/SettingsPage';
import { DashboardsPage } from '@renderer/features/dashboards/DashboardsPage';
import { ImportPage } from '@renderer/features/import/ImportPage';
import { TicketsPage } from '@renderer/features/tickets/TicketsPage';
import { CallsPage } from '@renderer/features/calls/CallsPage';
import { RubricsPage } from '@renderer/features/rubrics/RubricsPage';
import { ReviewPage } from '@renderer/features/review/ReviewPage';
import { MyScoresPage } from '@renderer/features/my-scores/MyScoresPage';
import { DemoLoader } from '@renderer/features/demo/DemoLoader';
import { useScheduledBackup } from '@renderer/features/settings/useScheduledBackup';
import { useScheduledSampling } from '@renderer/features/sampling/useScheduledSampling';
import { CorrectiveActionsPage } from '@renderer/features/corrective-actions/CorrectiveActionsPage';
import { PageBoundary } from '@renderer/app/PageBoundary';
import { SamplingPage } from '@renderer/features/sampling/SamplingPage';
import { NotificationCenter } from '@renderer/features/notifications/NotificationCenter';
import { DigestPanel } from '@renderer/features/notifications/DigestPanel';
import { useDrawerOpen } from '@renderer/ui/useDrawerOpen';
import { useReminders } from '@renderer/features/notifications/useReminders';
import { AppraisalPage } from '@renderer/features/appraisal/AppraisalPage';
import { useAppraisalSync } from '@renderer/features/appraisal/useAppraisalSync';
import { CalibrationSessions } from '@renderer/features/calibration/CalibrationSessions';
import { HomePage } from '@renderer/features/home/HomePage';

function pageFromHash(allowed: Page[]): Page {
  const h = window.location.hash.replace(/^#\/?/, '').split('?')[0] as Page;
  return allowed.includes(h) ? h : allowed[0]!;
}

export function Shell({ offerDemo }: { offerDemo: boolean }) {
  const { t } = useTranslation();
  const session = useSession();
  const { person, settings } = session;
  const allowed = pagesFor(person.role);
  const [page, setPage] = useState<Page>(() => pageFromHash(allowed));
  const [demoOpen, setDemoOpen] = useState(offerDemo);
  const idle = useIdleLock(settings.idleLockMinutes);
  useScheduledBackup();
  useScheduledSampling();
  const reminders = useReminders();
  // The digest waits while the user works in a drawer (a ticket, a call, an action) and opens when they close it.
  const drawerOpen = useDrawerOpen(reminders.digestOpen);
  useAppraisalSync();

  useEffect(() => {
    const onHash = () => setPage(pageFromHash(allowed));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [allowed]);

  const go = (p: Page) => {
    window.location.hash = `#/${p}`;
    setPage(p);
  };

  const language = useLanguageChoice();

  let content: ReactNode;
  if (page === 'home') content = <HomePage />;
  else if (page === 'people') content = <PeoplePage />;
  else if (page === 'settings') content = <SettingsPage demo={session.team ? undefined : <DemoLoader onFinished={() => undefined} />} team={session.team ? <TeamServerCard /> : mayManagePeople(person.role) ? <MoveToTeamCard /> : undefined} />;
  else if (page === 'import') content = <ImportPage />;
  else if (page === 'tickets') content = <TicketsPage />;
  else if (page === 'calls') content = <CallsPage />;
  else if (page === 'rubrics') content = <RubricsPage />;
  else if (page === 'review') content = <ReviewPage />;
  else if (page === 'my-scores') content = <MyScoresPage />;
  else if (page === 'sampling') content = <SamplingPage calibration={<CalibrationSessions />} />;
  else if (page === 'corrective-actions') content = <CorrectiveActionsPage />;
  else if (page === 'appraisal') content = <AppraisalPage />;
  else content = <DashboardsPage />;

  return (
    <Layout style={{ height: '100%' }}>
      <Layout.Sider theme="light" width={220} style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16 }}>{t('app.title')}</div>
        <Menu
          mode="inline"
          selectedKeys={[page]}
          data-testid="nav"
          items={allowed.map((p) => ({ key: p, label: <span data-testid={`nav-${p}`}>{t(`nav.${p}`)}</span> }))}
          onClick={({ key }) => go(key as Page)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #f0f0f0' }}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">
            {t(`nav.${page}`)}
          </Typography.Title>
          <Space>
            <Typography.Text type="secondary" data-testid="signed-in-as">
              {t('app.signedInAs', { name: person.name, role: t(`roles.${person.role}`) })}
            </Typography.Text>
            <Select
              size="small"
              value={language.value}
              onChange={(v) => void language.choose(v)}
              style={{ width: 150 }}
              aria-label={t('app.language')}
              data-testid="language-select"
              options={language.options}
            />
            <NotificationCenter />
            <Button icon={<LockOutlined />} onClick={idle.lockNow} title={t('app.lock')} />
            <Button icon={<LogoutOutlined />} onClick={session.signOut} data-testid="sign-out">
              {t('app.signOut')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24, overflow: 'auto' }}>
          <PageBoundary key={page}>{content}</PageBoundary>
        </Layout.Content>
        {session.team && <TeamStatusBar onOpen={() => go('settings')} />}
      </Layout>
      {reminders.digest && <DigestPanel digest={reminders.digest} open={reminders.digestOpen && !demoOpen && !drawerOpen} onClose={reminders.closeDigest} />}
      {idle.locked && <LockScreen onUnlocked={idle.unlock} minutes={settings.idleLockMinutes} />}
      <Modal open={demoOpen} title={t('firstRun.demoTitle')} footer={null} onCancel={() => setDemoOpen(false)} maskClosable={false} width={560}>
        <Typography.Paragraph>{t('firstRun.demoIntro')}</Typography.Paragraph>
        <DemoLoader onFinished={() => undefined} onSkip={() => setDemoOpen(false)} />
      </Modal>
    </Layout>
  );
}
