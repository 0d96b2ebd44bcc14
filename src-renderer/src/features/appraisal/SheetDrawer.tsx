// One person's appraisal sheet in a drawer: every figure with the records behind it, the supervisor assessment (the
// team lead fills it), the self-assessment (read-only here), the review marks, the locked record's versions with
// their hashes and sync state, an amendment when the figures changed after the lock, and the printable copy (PDF).
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { Alert, App, Button, Card, Checkbox, Descriptions, Drawer, Input, Modal, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { FilePdfOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { LockedAppraisalRecord } from '@renderer/domain/model';
import { amendRecord } from '@renderer/db/appraisalLock';
import { assessmentOf, setReviewed } from '@renderer/db/appraisalReviews';
import { sheetSources, type PeriodView, type Sheet } from '@renderer/db/appraisal';
import { formatDateTime } from '@renderer/ui/i18n';
import { isTyping } from '@renderer/ui/keys';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';
import { useSaveFile } from '@renderer/session/useSaveFile';
import { AssessmentForm } from '@renderer/widgets/AssessmentForm';
import { SheetFigures, score1, GradeTag, type Behind } from '@renderer/widgets/SheetFigures';
import { SyncTag } from './SyncTag';
import { consoleSigner } from './syncRunner';
import { mayReviewAppraisals } from '@renderer/domain/roles';

export function SheetDrawer({ view, sheet, onClose, onMove }: { view: PeriodView; sheet: Sheet; onClose: () => void; onMove: (step: -1 | 1) => void }) {
  const { t } = useTranslation();
  const { ctx, person } = useSession();
  const { message } = App.useApp();
  const { savePdf } = useSaveFile();
  const [amending, setAmending] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const reviewer = mayReviewAppraisals(person.role);
  const locked = view.row?.status === 'locked';
  const p = sheet.person;

  const data = useLiveQuery(async () => {
    const [sources, supervisor, self] = await Promise.all([sheetSources(ctx, p.id, sheet.figures), assessmentOf(ctx, view.period.key, p.id, 'supervisor'), assessmentOf(ctx, view.period.key, p.id, 'self')]);
    const behind: Behind = {
      evaluations: new Map(
        sources.evaluations.map((e) => [
          e.id,
          { label: `${formatDateTime(e.occurredAt)} · ${t(`appraisal.itemKinds.${e.itemKind}`)} · ${score1(e.score)}`, href: `#/review?kind=${e.itemKind}&id=${encodeURIComponent(e.itemId)}`, score: e.score, occurredAt: e.occurredAt },
        ]),
      ),
      tickets: new Map(sources.tickets.map((x) => [x.id, { label: `#${x.externalId}`, href: `#/tickets?id=${encodeURIComponent(x.id)}` }])),
      actions: new Map(sources.actions.map((a) => [a.id, { label: a.title, href: `#/corrective-actions?action=${encodeURIComponent(a.id)}` }])),
      disputes: new Map(
        sources.disputes.map((d) => {
          const e = sources.evaluations.find((x) => x.id === d.evaluationId);
          return [d.id, { label: `${formatDateTime(d.createdAt)} · ${t(`appraisal.disputeStatus.${d.status}`)}`, href: e ? `#/review?kind=${e.itemKind}&id=${encodeURIComponent(e.itemId)}` : '#/review' }];
        }),
      ),
      failed: new Set(sources.evaluations.filter((e) => e.outcome === 'fail').map((e) => e.id)),
    };
    return { behind, supervisor, self };
  }, [ctx, p.id, view.period.key, sheet.figures]);

  const mark = async (reviewed: boolean) => {
    try {
      await setReviewed(ctx, view.team.id, view.period.key, p.id, reviewed);
    } catch (err) {
      message.error(describeError(err).message);
    }
  };

  const amend = async () => {
    setBusy(true);
    setError(null);
    try {
      const rec = await amendRecord(ctx, view.team.id, view.period.key, p.id, reason, consoleSigner);
      message.success(t('appraisal.amended', { version: rec.version }));
      setAmending(false);
      setReason('');
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  const printPdf = async () => {
    const name = `${t('appraisal.sheetFile')}-${p.employeeNo}-${view.period.key}.pdf`;
    await savePdf(name);
  };

  const myMark = reviewer ? sheet.review.supervisor : sheet.review.lead;
  const index = view.sheets.findIndex((s) => s.person.id === p.id);

  // Reviewing a team is sheet after sheet: J / K (or → / ←) move, R ticks the review mark, outside text fields.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e) || e.ctrlKey || e.metaKey || e.altKey || amending) return;
      if ((e.key === 'j' || e.key === 'ArrowRight') && index < view.sheets.length - 1) onMove(1);
      else if ((e.key === 'k' || e.key === 'ArrowLeft') && index > 0) onMove(-1);
      else if ((e.key === 'r' || e.key === 'R') && !locked) void mark(!myMark);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  const history = [...sheet.records].reverse();
  return (
    <Drawer
      open
      width={900}
      onClose={onClose}
      title={`${p.name} · ${p.employeeNo} · ${view.period.key}`}
      data-testid="sheet-drawer"
      footer={<Typography.Text type="secondary">{t('appraisal.keysHelp')}</Typography.Text>}
      extra={
        <Space>
          <Button icon={<LeftOutlined />} disabled={index <= 0} onClick={() => onMove(-1)} title={t('appraisal.previousSheet')} data-testid="sheet-prev" />
          <Typography.Text type="secondary" data-testid="sheet-position">
            {index + 1} / {view.sheets.length}
          </Typography.Text>
          <Button icon={<RightOutlined />} disabled={index >= view.sheets.length - 1} onClick={() => onMove(1)} title={t('appraisal.nextSheet')} data-testid="sheet-next" />
          <Button icon={<FilePdfOutlined />} onClick={() => void printPdf()} data-testid="sheet-pdf">
            {t('appraisal.pdf')}
          </Button>
        </Space>
      }
    >
      {sheet.changedSinceLock && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="sheet-changed"
          title={t('appraisal.changedSinceLock')}
          description={t('appraisal.changedHelp')}
          action={
            reviewer && (
              <Button size="small" onClick={() => setAmending(true)} data-testid="sheet-amend">
                {t('appraisal.amend')}
              </Button>
            )
          }
        />
      )}
      <Space style={{ marginBottom: 16 }} wrap>
        <Checkbox checked={!!myMark} disabled={locked} onChange={(e) => void mark(e.target.checked)} data-testid="sheet-reviewed">
          {reviewer ? t('appraisal.reviewedAsSupervisor') : t('appraisal.reviewedAsLead')}
        </Checkbox>
        {sheet.review.lead && <Tag color="blue">{t('appraisal.leadReviewed', { at: formatDateTime(sheet.review.lead.at) })}</Tag>}
        {sheet.review.supervisor && <Tag color="purple">{t('appraisal.supervisorReviewed', { at: formatDateTime(sheet.review.supervisor.at) })}</Tag>}
      </Space>
      <SheetFigures figures={sheet.figures} composite={sheet.composite} behind={data?.behind ?? null} />
      <Card size="small" title={t('appraisal.supervisorAssessment')} style={{ marginTop: 16 }}>
        <AssessmentForm periodKey={view.period.key} staffId={p.id} kind="supervisor" existing={data?.supervisor ?? null} />
      </Card>
      <Card size="small" title={t('appraisal.selfAssessment')} style={{ marginTop: 16 }}>
        {data?.self ? <AssessmentForm periodKey={view.period.key} staffId={p.id} kind="self" existing={data.self} readOnly /> : <Typography.Text type="secondary">{t('appraisal.selfMissing')}</Typography.Text>}
      </Card>
      <Card size="small" title={t('appraisal.records')} style={{ marginTop: 16 }}>
        {history.length === 0 ? (
          <Typography.Text type="secondary">{t('appraisal.notLockedYet')}</Typography.Text>
        ) : (
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={history}
            data-testid="sheet-history"
            columns={[
              { title: t('appraisal.version'), key: 'v', render: (_: unknown, r: LockedAppraisalRecord) => `v${r.version}` },
              { title: t('appraisal.composite'), key: 'c', render: (_: unknown, r: LockedAppraisalRecord) => <span>{score1(r.content.composite.value)} <GradeTag grade={r.content.composite.grade} /></span> },
              { title: t('appraisal.lockedAt'), key: 'at', render: (_: unknown, r: LockedAppraisalRecord) => `${formatDateTime(r.content.lockedAt)} · ${r.content.lockedBy}` },
              { title: t('appraisal.hash'), key: 'h', render: (_: unknown, r: LockedAppraisalRecord) => <Typography.Text code copyable={{ text: r.contentHash }}>{r.contentHash.slice(0, 12)}</Typography.Text> },
              {
                title: t('appraisal.signedBy'),
                key: 'sig',
                render: (_: unknown, r: LockedAppraisalRecord) => (
                  <Tooltip title={t('appraisal.signatureHelp')}>
                    <Typography.Text code copyable={{ text: r.signature.value }}>{r.signature.keyId}</Typography.Text>
                  </Tooltip>
                ),
              },
              { title: t('appraisal.amendReason'), key: 'why', render: (_: unknown, r: LockedAppraisalRecord) => r.content.amendReason ?? '' },
              { title: t('appraisal.sync'), key: 's', render: (_: unknown, r: LockedAppraisalRecord) => <SyncTag entry={sheet.sync[r.id]} /> },
            ]}
          />
        )}
      </Card>
      <Modal
        open={amending}
        title={t('appraisal.amendTitle', { name: p.name })}
        onCancel={() => setAmending(false)}
        onOk={() => void amend()}
        okText={t('appraisal.amend')}
        cancelText={t('actions.cancel')}
        confirmLoading={busy}
        data-testid="amend-modal"
      >
        <Typography.Paragraph>{t('appraisal.amendHelp', { version: (sheet.current?.version ?? 0) + 1 })}</Typography.Paragraph>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('appraisal.before')}>{score1(sheet.current?.content.composite.value)}</Descriptions.Item>
          <Descriptions.Item label={t('appraisal.after')}>{score1(sheet.composite.value)}</Descriptions.Item>
        </Descriptions>
        <div>
          <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('appraisal.amendReason')} data-testid="amend-reason" status={error?.field === 'reason' ? 'error' : undefined} />
          {error && <Typography.Text type="danger">{error.message}</Typography.Text>}
        </div>
      </Modal>
      {createPortal(<PrintableSheet view={view} sheet={sheet} />, document.body)}
    </Drawer>
  );
}

/** What the PDF holds: the sheet without drill-downs, the record's version and hash, and signature lines. */
function PrintableSheet({ view, sheet }: { view: PeriodView; sheet: Sheet }) {
  const { t } = useTranslation();
  const rec = sheet.current;
  return (
    <div className="qa-print-sheet" data-testid="print-sheet">
      <h2>{t('appraisal.printTitle', { period: view.period.key })}</h2>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('appraisal.name')}>{sheet.person.name}</Descriptions.Item>
        <Descriptions.Item label={t('appraisal.employeeNo')}>{sheet.person.employeeNo}</Descriptions.Item>
        <Descriptions.Item label={t('appraisal.team')}>{view.team.name}</Descriptions.Item>
        <Descriptions.Item label={t('appraisal.period')}>{`${view.period.key} (${t(`appraisal.kinds.${view.period.kind}`)})`}</Descriptions.Item>
        <Descriptions.Item label={t('appraisal.record')} span={2}>
          {rec ? t('appraisal.recordLine', { version: rec.version, hash: rec.contentHash, at: formatDateTime(rec.content.lockedAt) }) : t('appraisal.notLockedYet')}
          {rec && <div>{t('appraisal.signedLine', { key: rec.signature.keyId, by: rec.content.lockedBy })}</div>}
          {sheet.changedSinceLock && ` — ${t('appraisal.changedSinceLock')}`}
        </Descriptions.Item>
      </Descriptions>
      <div style={{ marginTop: 12 }}>
        <SheetFigures figures={rec && !sheet.changedSinceLock ? rec.content.figures : sheet.figures} composite={rec && !sheet.changedSinceLock ? rec.content.composite : sheet.composite} behind={null} print />
      </div>
      <div className="qa-signatures">
        <div>{t('appraisal.signStaff')}</div>
        <div>{t('appraisal.signLead')}</div>
        <div>{t('appraisal.signSupervisor')}</div>
      </div>
    </div>
  );
}
