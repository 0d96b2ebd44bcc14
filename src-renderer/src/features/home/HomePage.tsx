// The first page after sign-in: what each role has to do today, as tiles that open the list behind them.
// Reviewers see their queue, drafts, runs due, disputes and calibration; a lead their team's month; staff their
// own month, acknowledgements, actions and self-assessment; an admin the workspace's health.
import { useState, type ReactNode } from 'react';
import { Button, Card, Col, Empty, List, Row, Space, Statistic, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { adminHome, leadHome, reviewerWork, staffHome } from '@renderer/db/home';
import { personNames } from '@renderer/db/directory';
import { checkAuditChain } from '@renderer/db/workspace';
import { isLeadRole, mayManagePeople, mayScore, seesOwnWorkOnly } from '@renderer/domain/roles';
import type { DashboardResult } from '@renderer/domain/dashboard';
import { useSession } from '@renderer/session/session';
import { formatDateTime } from '@renderer/ui/i18n';
import { ChangeText, IntervalText, pct1, score1, ToneTag, TONES } from '@renderer/ui/figures';

const go = (href: string) => () => (window.location.hash = href);

/** A figure that opens its list: a card reachable by Tab and opened with Enter or Space. */
function Tile({ id, title, value, href, warn, extra }: { id: string; title: string; value: ReactNode; href: string; warn?: boolean; extra?: ReactNode }) {
  const open = go(href);
  return (
    <Card
      hoverable
      size="small"
      role="link"
      tabIndex={0}
      data-testid={`tile-${id}`}
      onClick={open}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          open();
        }
      }}
      style={{ height: '100%' }}
    >
      <Statistic title={title} value={typeof value === 'number' || typeof value === 'string' ? value : undefined} formatter={typeof value === 'number' || typeof value === 'string' ? undefined : () => value} valueStyle={warn ? { color: TONES.bad } : undefined} />
      {extra}
    </Card>
  );
}

function Tiles({ children }: { children: ReactNode[] }) {
  return (
    <Row gutter={[16, 16]}>
      {children.filter(Boolean).map((c, i) => (
        <Col key={i} xs={24} sm={12} lg={6}>
          {c}
        </Col>
      ))}
    </Row>
  );
}

function ReviewerSection() {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const w = useLiveQuery(() => reviewerWork(ctx), [ctx]);
  if (!w) return null;
  return (
    <Card title={t('home.today')} data-testid="home-reviewer">
      <Tiles>
        {[
          <Tile key="due" id="due-today" title={t('home.queueDueToday')} value={w.dueToday} href="#/review" />,
          <Tile key="overdue" id="overdue" title={t('home.queueOverdue')} value={w.overdue} warn={w.overdue > 0} href="#/review" />,
          <Tile key="progress" id="in-progress" title={t('home.queueInProgress')} value={w.inProgress} href="#/review" extra={<Typography.Text type="secondary">{t('home.queueOpen')}: {w.open}</Typography.Text>} />,
          <Tile key="drafts" id="drafts" title={t('home.drafts')} value={w.drafts} href="#/review" />,
          w.runsDue !== null ? <Tile key="runs" id="runs-due" title={t('home.runsDue')} value={w.runsDue} href="#/sampling" /> : null,
          <Tile key="disputes" id="disputes" title={t('home.disputes')} value={w.disputes} warn={w.disputes > 0} href="#/review" />,
          <Tile key="cal" id="calibration" title={t('home.calibration')} value={w.calibrationToScore} href="#/review" extra={<Typography.Text type="secondary">{t('home.calibrationSessions', { count: w.calibrationSessions })}</Typography.Text>} />,
        ]}
      </Tiles>
    </Card>
  );
}

/** A month's QA score against the month before, with its interval and n. */
function ScoreTile({ id, title, figures, href }: { id: string; title: string; figures: DashboardResult; href: string }) {
  const qa = figures.headline.qa;
  return (
    <Tile
      id={id}
      title={title}
      value={score1(qa.mean)}
      href={href}
      extra={
        <Space direction="vertical" size={0}>
          <IntervalText qa={qa} />
          <ChangeText now={qa.mean} before={figures.previousHeadline?.qa.mean} />
        </Space>
      }
    />
  );
}

function LeadSection() {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const data = useLiveQuery(async () => ({ home: await leadHome(ctx), names: await personNames(ctx) }), [ctx]);
  if (!data) return null;
  const { home, names } = data;
  const f = home.figures;
  const below = f.people.filter((p) => p.band === 'below');
  const notEnough = f.people.filter((p) => p.band === 'not-enough').length;
  return (
    <Card title={t('home.teamSection')} data-testid="home-lead">
      <Tiles>
        {[
          <ScoreTile key="score" id="team-score" title={t('home.teamScore')} figures={f} href="#/dashboards" />,
          <Tile
            key="pass"
            id="team-pass"
            title={t('home.teamPass')}
            value={pct1(f.headline.passRate.rate)}
            href="#/dashboards"
            extra={<ChangeText now={f.headline.passRate.rate} before={f.previousHeadline?.passRate.rate} rate />}
          />,
          <Tile key="week" id="actions-week" title={t('home.actionsWeek')} value={home.actions.dueThisWeek} href="#/corrective-actions?show=week" />,
          <Tile key="overdue" id="actions-overdue" title={t('home.actionsOverdue')} value={home.actions.overdue} warn={home.actions.overdue > 0} href="#/corrective-actions?show=overdue" />,
          <Tile key="verify" id="actions-verify" title={t('home.actionsVerify')} value={home.actions.awaitingVerification} href="#/corrective-actions?show=verify" />,
          <Tile key="disputes" id="team-disputes" title={t('home.teamDisputes')} value={home.openDisputes} href="#/review" />,
        ]}
      </Tiles>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('home.below')}
      </Typography.Title>
      {below.length ? (
        <List
          size="small"
          data-testid="home-below"
          dataSource={below}
          renderItem={(p) => (
            <List.Item>
              <Space>
                <Typography.Text>{names.get(p.personId) ?? p.personId}</Typography.Text>
                <ToneTag tone="bad">{`▼ ${score1(p.qa.mean)}`}</ToneTag>
                <IntervalText qa={p.qa} />
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Typography.Text type="secondary" data-testid="home-below-none">
          {t('home.belowNone', { threshold: f.threshold })}
        </Typography.Text>
      )}
      {notEnough > 0 && (
        <div>
          <Typography.Text type="secondary">{t('home.notEnoughPeople', { count: notEnough })}</Typography.Text>
        </div>
      )}
    </Card>
  );
}

function StaffSection() {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const home = useLiveQuery(() => staffHome(ctx), [ctx]);
  if (!home) return null;
  return (
    <Card title={t('home.mySection')} data-testid="home-staff">
      <Tiles>
        {[
          <Tile key="ack" id="to-acknowledge" title={t('home.toAcknowledge')} value={home.unacknowledged} warn={home.unacknowledged > 0} href="#/my-scores" />,
          <ScoreTile key="score" id="my-score" title={t('home.myScore')} figures={home.figures} href="#/my-scores" />,
          <Tile key="actions" id="my-actions" title={t('home.myActions')} value={home.openActions.length} href="#/corrective-actions" />,
          home.selfAssessment ? (
            <Tile
              key="self"
              id="self-assessment"
              title={t('home.selfAssessment', { period: home.selfAssessment.periodKey })}
              value={home.selfAssessment.done ? t('home.selfDone') : t('home.selfMissing')}
              warn={!home.selfAssessment.done}
              href="#/my-scores"
            />
          ) : null,
        ]}
      </Tiles>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('home.myActions')}
      </Typography.Title>
      {home.openActions.length ? (
        <List
          size="small"
          data-testid="home-my-actions"
          dataSource={home.openActions}
          renderItem={(a) => (
            <List.Item actions={[<a key="open" href={`#/corrective-actions?action=${encodeURIComponent(a.id)}`}>{t('home.open')}</a>]}>
              <Space>
                <Typography.Text>{a.title}</Typography.Text>
                <Typography.Text type="secondary">{t('home.dueOn', { date: formatDateTime(a.dueAt) })}</Typography.Text>
                {a.overdue && <ToneTag tone="bad">{t('home.overdue')}</ToneTag>}
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Typography.Text type="secondary">{t('home.noActions')}</Typography.Text>
      )}
    </Card>
  );
}

function AdminSection() {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const home = useLiveQuery(() => adminHome(ctx), [ctx]);
  const [audit, setAudit] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  if (!home) return null;
  const o = home.outbox;
  return (
    <Card title={t('home.adminSection')} data-testid="home-admin">
      <Tiles>
        {[
          <Tile key="imports" id="import-problems" title={t('home.importProblems')} value={home.importProblems} warn={home.importProblems > 0} href="#/import" />,
          <Tile key="sync" id="sync" title={t('home.sync')} value={o.pending + o.failed + o.conflict} warn={o.failed + o.conflict > 0} href="#/appraisal" extra={<Typography.Text type="secondary">{t('home.syncState', { pending: o.pending, failed: o.failed, conflict: o.conflict })}</Typography.Text>} />,
          <Tile key="people" id="people-without-team" title={t('home.peopleWithoutTeam')} value={home.peopleWithoutTeam} warn={home.peopleWithoutTeam > 0} href="#/people" />,
          <Card key="audit" size="small" title={t('home.audit')} style={{ height: '100%' }}>
            <Space direction="vertical">
              <Button
                loading={checking}
                data-testid="home-audit-check"
                onClick={async () => {
                  setChecking(true);
                  try {
                    const v = await checkAuditChain(ctx);
                    setAudit(v.ok ? t('settings.verifyOk', { count: v.checked }) : t('settings.verifyBroken', { seq: v.brokenAtSeq, reason: v.reason }));
                  } finally {
                    setChecking(false);
                  }
                }}
              >
                {t('settings.verify')}
              </Button>
              {audit && <Typography.Text data-testid="home-audit-result">{audit}</Typography.Text>}
            </Space>
          </Card>,
        ]}
      </Tiles>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('home.lastImports')}
      </Typography.Title>
      {home.imports.length ? (
        <List
          size="small"
          data-testid="home-imports"
          dataSource={home.imports}
          renderItem={(r) => (
            <List.Item>
              <Space>
                <Typography.Text>{r.fileName}</Typography.Text>
                <Typography.Text type="secondary">{formatDateTime(r.startedAt)}</Typography.Text>
                <ToneTag tone={r.status === 'failed' || r.counts.failed ? 'bad' : null}>{t(`import.status.${r.status}`)}</ToneTag>
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noImports')} />
      )}
    </Card>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const { person } = useSession();
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="page-home">
      <Typography.Text>{t('home.hello', { name: person.name })}</Typography.Text>
      {mayManagePeople(person.role) && <AdminSection />}
      {mayScore(person.role) && <ReviewerSection />}
      {isLeadRole(person.role) && <LeadSection />}
      {seesOwnWorkOnly(person.role) && <StaffSection />}
    </Space>
  );
}
