// Appraisal: a team's month, quarter or year, one row per staff member with every component, the composite and
// grade; review marks by the team lead and the quality supervisor; the lock (supervisors) that turns the sheets into
// hashed records; amendments pending; the sync to the appraisal database (status, "Sync now", reconciliation) and
// HR exports (CSV / XLSX in the documented layout; a PDF per person from the sheet). Choices survive a restart.
import { Alert, Badge, Button, Card, Checkbox, Dropdown, Empty, Modal, Progress, Result, Segmented, Select, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { CloudSyncOutlined, DownloadOutlined, LockOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PERIOD_KINDS, type Difference, type PeriodKind } from '@renderer/domain/appraisal';
import { type Sheet } from '@renderer/db/appraisal';
import { retryNow } from '@renderer/db/appraisalOutbox';
import { formatDateTime } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { ComponentCell, GradeTag, pctText, score1 } from '@renderer/widgets/SheetFigures';
import { SheetDrawer } from './SheetDrawer';
import { SyncTag } from './SyncTag';
import { cancelSync } from './syncRunner';
import { useAppraisalPage } from './useAppraisalPage';

export function AppraisalPage() {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const { reviewer, choice, setChoice, setOpenId, diffs, setDiffs, busy, progress, keys, key, teams, teamId, view, outbox, sheet, lock, review, syncNow, reconcile, exportAs } = useAppraisalPage();
  if (teams && !teams.length) return <Result status="info" title={t('appraisal.noTeams')} subTitle={t('appraisal.noTeamsHelp')} data-testid="appraisal-empty" />;

  const locked = view?.row?.status === 'locked';
  const changed = view?.sheets.filter((s) => s.changedSinceLock) ?? [];
  const pendingHere = view?.sheets.flatMap((s) => Object.values(s.sync)).filter((o) => o.status !== 'synced') ?? [];
  const entries = view?.sheets.flatMap((s) => Object.values(s.sync)) ?? [];
  // Failed batches can be retried now (skipping the back-off); conflicts and refusals need a person, not a retry.
  const problems = entries.filter((o) => o.status === 'failed');
  const keptAside = entries.filter((o) => o.status === 'conflict');

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="page-appraisal">
      <Card size="small">
        <Space wrap>
          <Segmented
            value={choice.kind}
            onChange={(v) => setChoice({ ...choice, kind: v as PeriodKind, key: null })}
            options={PERIOD_KINDS.map((k) => ({ value: k, label: t(`appraisal.kinds.${k}`) }))}
            data-testid="period-kind"
          />
          <Select value={key} onChange={(v) => setChoice({ ...choice, key: v })} options={keys.map((k) => ({ value: k, label: k }))} style={{ width: 130 }} data-testid="period-key" aria-label={t('appraisal.period')} />
          <Select
            value={teamId ?? undefined}
            onChange={(v) => setChoice({ ...choice, teamId: v })}
            options={(teams ?? []).map((x) => ({ value: x.id, label: x.name }))}
            style={{ width: 200 }}
            data-testid="period-team"
            aria-label={t('appraisal.team')}
          />
          {view && (locked ? <Tag icon={<LockOutlined />} color="green" data-testid="period-status">{t('appraisal.statusLocked', { at: formatDateTime(view.row!.lockedAt) })}</Tag> : <Tag data-testid="period-status">{t('appraisal.statusOpen')}</Tag>)}
          {reviewer && view && !locked && (
            <Tooltip title={!view.over ? t('appraisal.notOverHelp') : view.unreviewed.length ? t('appraisal.unreviewedHelp', { n: view.unreviewed.length }) : ''}>
              <Button type="primary" icon={<LockOutlined />} onClick={lock} disabled={!view.over || view.unreviewed.length > 0 || !view.sheets.length} data-testid="lock-period">
                {t('appraisal.lock')}
              </Button>
            </Tooltip>
          )}
          <Dropdown
            menu={{
              items: [
                { key: 'csv', label: <span data-testid="appraisal-export-csv">{t('appraisal.exportCsv')}</span>, onClick: () => void exportAs('csv') },
                { key: 'xlsx', label: <span data-testid="appraisal-export-xlsx">{t('appraisal.exportXlsx')}</span>, onClick: () => void exportAs('xlsx') },
              ],
            }}
          >
            <Button icon={<DownloadOutlined />} loading={busy === 'csv' || busy === 'xlsx'} data-testid="appraisal-export">
              {t('appraisal.export')}
            </Button>
          </Dropdown>
        </Space>
      </Card>

      {reviewer && outbox && (
        <Card size="small" title={t('appraisal.syncTitle')} data-testid="sync-card">
          <Space wrap size={24} align="center">
            <Statistic title={t('appraisal.syncStatus.pending')} value={outbox.pending} valueStyle={{ fontSize: 20 }} />
            <Statistic title={t('appraisal.syncStatus.failed')} value={outbox.failed} valueStyle={{ fontSize: 20, color: outbox.failed ? '#cf1322' : undefined }} />
            <Statistic title={t('appraisal.syncStatus.conflict')} value={outbox.conflict} valueStyle={{ fontSize: 20, color: outbox.conflict ? '#c41d7f' : undefined }} />
            <Statistic title={t('appraisal.syncStatus.synced')} value={outbox.synced} valueStyle={{ fontSize: 20 }} />
            <Space direction="vertical" size={4}>
              <Space>
                <Button icon={<CloudSyncOutlined />} onClick={() => void syncNow()} loading={progress.running} disabled={outbox.pending + outbox.failed === 0 && !progress.running} data-testid="sync-now">
                  {t('appraisal.syncNow')}
                </Button>
                {progress.running && (
                  <Button onClick={cancelSync} data-testid="sync-cancel">
                    {t('actions.cancel')}
                  </Button>
                )}
                <Button icon={<SafetyCertificateOutlined />} onClick={() => void reconcile()} loading={busy === 'reconcile'} data-testid="reconcile">
                  {t('appraisal.reconcile')}
                </Button>
                {problems.length > 0 && (
                  <Button onClick={() => void retryNow(ctx, problems.map((o) => o.id))} data-testid="sync-retry">
                    {t('actions.retry')}
                  </Button>
                )}
              </Space>
              {progress.running && progress.total > 0 && <Progress percent={Math.round((progress.done / progress.total) * 100)} size="small" style={{ width: 260 }} />}
            </Space>
          </Space>
          {outbox.lastError && (
            <Alert type="error" showIcon style={{ marginTop: 12 }} data-testid="sync-error" title={t('appraisal.syncFailed', { error: outbox.lastError })} description={outbox.nextAttemptAt ? t('appraisal.nextAttempt', { at: formatDateTime(outbox.nextAttemptAt) }) : undefined} />
          )}
        </Card>
      )}

      {view && !view.over && <Alert type="info" showIcon title={t('appraisal.notOver', { period: key })} />}
      {view && !locked && view.over && view.unreviewed.length > 0 && <Alert type="info" showIcon data-testid="unreviewed" title={t('appraisal.unreviewed', { n: view.unreviewed.length, lead: view.teamHasLead ? t('appraisal.andLead') : '' })} />}
      {changed.length > 0 && <Alert type="warning" showIcon data-testid="amendments-needed" title={t('appraisal.amendmentsNeeded', { n: changed.length })} description={t('appraisal.changedHelp')} />}
      {pendingHere.length > 0 && <Alert type="info" showIcon data-testid="pending-sync" title={t('appraisal.pendingSync', { n: pendingHere.length })} />}
      {keptAside.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid="kept-aside"
          title={t('appraisal.keptAside', { n: keptAside.length })}
          description={
            <>
              {keptAside.map((o) => (
                <div key={o.id}>
                  {o.employeeNo} v{o.version}: {o.lastError}
                </div>
              ))}
              <div>{t('appraisal.keptAsideHelp')}</div>
            </>
          }
        />
      )}

      <Card size="small" styles={{ body: { padding: 0 } }}>
        <Table<Sheet>
          size="small"
          rowKey={(s) => s.person.id}
          loading={!view}
          dataSource={view?.sheets ?? []}
          pagination={false}
          locale={{ emptyText: <Empty description={t('appraisal.noStaff')} /> }}
          onRow={(s) => ({ onClick: () => setOpenId(s.person.id), style: { cursor: 'pointer' }, 'data-testid': `appraisal-row-${s.person.employeeNo}` }) as React.HTMLAttributes<HTMLElement>}
          data-testid="appraisal-table"
          columns={[
            { title: t('appraisal.employeeNo'), key: 'no', render: (_: unknown, s) => s.person.employeeNo, width: 90 },
            { title: t('appraisal.name'), key: 'name', render: (_: unknown, s) => s.person.name },
            {
              title: t('appraisal.components.qa'),
              key: 'qa',
              render: (_: unknown, s) => (
                <Tooltip title={s.figures.qa.n ? t('appraisal.qaDetail', { mean: score1(s.figures.qa.mean), n: s.figures.qa.n, low: score1(s.figures.qa.low), high: score1(s.figures.qa.high) }) : t('appraisal.noEvaluations')}>
                  <span>
                    <ComponentCell c={s.composite.components.find((c) => c.key === 'qa')!} /> <Typography.Text type="secondary">n={s.figures.qa.n}</Typography.Text>
                  </span>
                </Tooltip>
              ),
            },
            { title: t('appraisal.passRate'), key: 'pass', render: (_: unknown, s) => pctText(s.figures.passRate.rate) },
            ...(['csat', 'sla', 'actions', 'supervisor', 'self'] as const).map((k) => ({ title: t(`appraisal.components.${k}`), key: k, render: (_: unknown, s: Sheet) => <ComponentCell c={s.composite.components.find((c) => c.key === k)!} /> })),
            {
              title: t('appraisal.composite'),
              key: 'composite',
              render: (_: unknown, s) => (
                <Space size={4}>
                  <strong>{score1(s.composite.value)}</strong>
                  <GradeTag grade={s.composite.grade} />
                  {s.composite.missing.length > 0 && (
                    <Tooltip title={t('appraisal.renormalised', { list: s.composite.missing.map((k) => t(`appraisal.components.${k}`)).join(t('appraisal.listSep')) })}>
                      <Badge count={s.composite.missing.length} color="orange" size="small" />
                    </Tooltip>
                  )}
                </Space>
              ),
            },
            {
              title: t('appraisal.reviews'),
              key: 'reviews',
              render: (_: unknown, s) => {
                const mine = reviewer ? s.review.supervisor : s.review.lead;
                const other = reviewer ? (view?.teamHasLead ? s.review.lead : undefined) : s.review.supervisor;
                const otherLabel = reviewer ? t('appraisal.leadShort') : t('appraisal.supervisorShort');
                return (
                  // A click on the mark does not open the sheet.
                  <Space size={4} onClick={(e) => e.stopPropagation()}>
                    <Checkbox checked={!!mine} disabled={locked} onChange={(e) => void review(s, e.target.checked)} data-testid={`review-${s.person.employeeNo}`}>
                      {reviewer ? t('appraisal.supervisorShort') : t('appraisal.leadShort')}
                    </Checkbox>
                    {(reviewer ? view?.teamHasLead : true) && <Tag color={other ? 'blue' : undefined}>{otherLabel}{other ? ' ✓' : ' …'}</Tag>}
                  </Space>
                );
              },
            },
            {
              title: t('appraisal.record'),
              key: 'record',
              render: (_: unknown, s) =>
                s.current ? (
                  <Space size={4}>
                    <span>v{s.current.version}</span>
                    <SyncTag entry={s.sync[s.current.id]} />
                    {s.changedSinceLock && <Tag color="orange" data-testid={`changed-${s.person.employeeNo}`}>{t('appraisal.changed')}</Tag>}
                  </Space>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Card>

      {sheet && view && (
        <SheetDrawer
          view={view}
          sheet={sheet}
          onClose={() => setOpenId(null)}
          onMove={(step) => {
            const i = view.sheets.findIndex((s) => s.person.id === sheet.person.id) + step;
            if (view.sheets[i]) setOpenId(view.sheets[i]!.person.id);
          }}
        />
      )}

      <Modal open={!!diffs} title={t('appraisal.reconcileTitle', { period: key })} footer={null} onCancel={() => setDiffs(null)} width={760} data-testid="reconcile-modal">
        {diffs && (
          <>
            <Typography.Paragraph data-testid="reconcile-summary">{t('appraisal.reconcileSummary', { matched: diffs.matched, differences: diffs.differences.length, at: formatDateTime(diffs.checkedAt) })}</Typography.Paragraph>
            {diffs.differences.length > 0 && (
              <Table
                size="small"
                rowKey={(d, i) => `${d.kind}-${i}`}
                pagination={diffs.differences.length > 10 ? { pageSize: 10 } : false}
                dataSource={diffs.differences}
                data-testid="reconcile-differences"
                columns={[
                  { title: t('appraisal.difference'), key: 'k', render: (_: unknown, d: Difference) => t(`appraisal.differences.${d.kind}`) + (d.kind === 'missing-on-server' && d.pending ? ` (${t('appraisal.syncStatus.pending')})` : '') },
                  { title: t('appraisal.employeeNo'), key: 'no', render: (_: unknown, d: Difference) => (d.kind === 'only-on-server' ? d.server.employeeNo : d.local.employeeNo) },
                  { title: t('appraisal.version'), key: 'v', render: (_: unknown, d: Difference) => `v${d.kind === 'only-on-server' ? d.server.version : d.local.version}` },
                  { title: t('appraisal.localHash'), key: 'l', render: (_: unknown, d: Difference) => (d.kind === 'only-on-server' ? '—' : <Typography.Text code>{d.local.hash.slice(0, 12)}</Typography.Text>) },
                  { title: t('appraisal.serverHash'), key: 's', render: (_: unknown, d: Difference) => (d.kind === 'missing-on-server' ? '—' : <Typography.Text code>{d.server.hash.slice(0, 12)}</Typography.Text>) },
                ]}
              />
            )}
          </>
        )}
      </Modal>
    </Space>
  );
}
