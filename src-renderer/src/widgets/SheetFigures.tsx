// One person's appraisal sheet: the composite and its components (with weights, shares and why any is missing),
// then every figure with the records behind it: evaluations, tickets, corrective actions, disputes. On screen each
// count opens its list with links to the item; printed (the PDF), the lists are left out and the counts stay.
import { Collapse, Descriptions, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AppraisalFigures, Composite, ComponentValue } from '@renderer/domain/appraisal';
import { formatNumber } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';

export const score1 = (x: number | null | undefined) => (x === null || x === undefined ? '—' : formatNumber(x, 1));
export const pctText = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${formatNumber(x * 100, 1)} %`);

export function ComponentCell({ c }: { c: ComponentValue }) {
  const { t } = useTranslation();
  if (c.value !== null && !c.missing) return <span>{score1(c.value)}</span>;
  return (
    <Tooltip title={t(`appraisal.missing.${c.missing ?? 'no-data'}`)}>
      <Typography.Text type="secondary" data-testid={`missing-${c.key}`}>
        {c.value === null ? '—' : score1(c.value)}
      </Typography.Text>
    </Tooltip>
  );
}

export function GradeTag({ grade }: { grade: string | null }) {
  if (!grade) return <Tag>—</Tag>;
  const color = grade === 'A' ? 'green' : grade === 'B' ? 'blue' : grade === 'C' ? 'orange' : 'red';
  return <Tag color={color}>{grade}</Tag>;
}

export interface Behind {
  evaluations: Map<string, { label: string; href: string; score: number | null; occurredAt: string }>;
  tickets: Map<string, { label: string; href: string }>;
  actions: Map<string, { label: string; href: string }>;
  disputes: Map<string, { label: string; href: string }>;
  /** Ids of the evaluations that failed. */
  failed: Set<string>;
}

function Links({ ids, of, testId }: { ids: string[]; of: Map<string, { label: string; href: string }>; testId: string }) {
  const { t } = useTranslation();
  if (!ids.length) return <Typography.Text type="secondary">{t('appraisal.noneBehind')}</Typography.Text>;
  return (
    <div data-testid={testId} style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
      {ids.map((id) => {
        const x = of.get(id);
        return x ? (
          <a key={id} href={x.href}>
            {x.label}
          </a>
        ) : (
          <Typography.Text key={id} type="secondary">
            {id.slice(0, 8)}
          </Typography.Text>
        );
      })}
    </div>
  );
}

/** A service standard in words: its name where the console ships it, then "First response · 5 minutes". */
export function useStandardLabel(): (id: string) => string {
  const { t, i18n } = useTranslation();
  const { settings } = useSession();
  return (id) => {
    const s = settings.serviceStandards.find((x) => x.id === id);
    const name = i18n.exists(`tickets.standard.${id}`) ? `${t(`tickets.standard.${id}`)}: ` : '';
    return s ? `${name}${t(`standards.metrics.${s.metric}`)} · ${t(`standards.amount.${s.unit}`, { count: s.target })}` : id;
  };
}

export function SheetFigures({ figures: f, composite: c, behind, print }: { figures: AppraisalFigures; composite: Composite; behind: Behind | null; print?: boolean }) {
  const { t } = useTranslation();
  const standardLabel = useStandardLabel();
  // The evaluations behind the pass rate that failed (their outcomes come with `behind`).
  const failedIds = behind ? f.qa.evaluationIds.filter((id) => behind.failed.has(id)) : [];
  const drill = (key: string, label: string, body: React.ReactNode) =>
    print || !behind ? null : <Collapse size="small" ghost items={[{ key, label, children: body }]} data-testid={`drill-${key}`} />;
  return (
    <div>
      <Table
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={c.components}
        data-testid="sheet-components"
        columns={[
          { title: t('appraisal.component'), key: 'k', render: (_: unknown, x: ComponentValue) => t(`appraisal.components.${x.key}`) },
          { title: t('appraisal.value'), key: 'v', render: (_: unknown, x: ComponentValue) => <ComponentCell c={x} /> },
          { title: t('appraisal.weight'), key: 'w', render: (_: unknown, x: ComponentValue) => x.weight },
          { title: t('appraisal.share'), key: 's', render: (_: unknown, x: ComponentValue) => (x.share ? `${formatNumber(x.share * 100, 1)} %` : '—') },
          { title: t('appraisal.why'), key: 'm', render: (_: unknown, x: ComponentValue) => (x.missing ? t(`appraisal.missing.${x.missing}`) : '') },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              <strong>{t('appraisal.composite')}</strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1}>
              <strong data-testid="sheet-composite">{score1(c.value)}</strong> <GradeTag grade={c.grade} />
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} colSpan={3}>
              {c.missing.length > 0 && (
                <Typography.Text type="warning" data-testid="sheet-renormalised">
                  {t('appraisal.renormalised', { list: c.missing.map((k) => t(`appraisal.components.${k}`)).join(t('appraisal.listSep')) })}
                </Typography.Text>
              )}
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      <Descriptions size="small" column={print ? 2 : 1} bordered style={{ marginTop: 16 }} data-testid="sheet-figures">
        <Descriptions.Item label={t('appraisal.qaScore')}>
          {f.qa.n === 0 ? t('appraisal.noEvaluations') : t('appraisal.qaDetail', { mean: score1(f.qa.mean), n: f.qa.n, low: score1(f.qa.low), high: score1(f.qa.high) })}
          {f.qa.n > 0 && !f.qa.enough && <Tag style={{ marginLeft: 8 }}>{t('appraisal.notEnough')}</Tag>}
          {drill('evaluations', t('appraisal.behindEvaluations', { n: f.qa.n }), <Links ids={f.qa.evaluationIds} of={behind?.evaluations ?? new Map()} testId="behind-evaluations" />)}
        </Descriptions.Item>
        <Descriptions.Item label={t('appraisal.passRate')}>
          {f.passRate.n ? t('appraisal.passDetail', { rate: pctText(f.passRate.rate), passes: f.passRate.passes, n: f.passRate.n, low: pctText(f.passRate.low), high: pctText(f.passRate.high) }) : '—'}
          {f.passRate.n > 0 && f.passRate.passes < f.passRate.n && drill('failed', t('appraisal.behindFailed', { n: f.passRate.n - f.passRate.passes }), <Links ids={failedIds} of={behind?.evaluations ?? new Map()} testId="behind-failed" />)}
        </Descriptions.Item>
        <Descriptions.Item label={t('appraisal.criticalFailures')}>
          {f.criticalFailures.count}
          {f.criticalFailures.count > 0 && drill('critical', t('appraisal.behindEvaluations', { n: f.criticalFailures.count }), <Links ids={f.criticalFailures.evaluationIds} of={behind?.evaluations ?? new Map()} testId="behind-critical" />)}
        </Descriptions.Item>
        <Descriptions.Item label={t('appraisal.criterionFailures')}>
          {f.criterionFailures.filter((x) => x.failed > 0).length === 0
            ? '—'
            : f.criterionFailures
                .filter((x) => x.failed > 0)
                .slice(0, print ? 5 : 10)
                .map((x) => (
                  <div key={x.criterionId}>
                    {x.title}: {t('appraisal.failedOf', { failed: x.failed, applicable: x.applicable, rate: pctText(x.rate) })}
                  </div>
                ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('appraisal.csat')}>
          {f.csat.rated ? t('appraisal.csatDetail', { share: pctText(f.csat.satisfiedShare), mean: score1(f.csat.mean), n: f.csat.rated }) : t('appraisal.noRatings')}
          {drill('csat', t('appraisal.behindTickets', { n: f.csat.rated }), <Links ids={f.csat.ticketIds} of={behind?.tickets ?? new Map()} testId="behind-csat" />)}
        </Descriptions.Item>
        <Descriptions.Item label={t('appraisal.fcr')}>
          {f.fcr.resolved ? t('appraisal.fcrDetail', { rate: pctText(f.fcr.rate), first: f.fcr.firstContact, n: f.fcr.resolved }) : '—'}
          {f.fcr.resolved > 0 && drill('fcr', t('appraisal.behindResolved', { n: f.fcr.resolved }), <Links ids={f.fcr.ticketIds} of={behind?.tickets ?? new Map()} testId="behind-fcr" />)}
        </Descriptions.Item>
        <Descriptions.Item label={t('appraisal.sla')}>
          {f.sla.judged ? t('appraisal.slaDetail', { rate: pctText(f.sla.rate), ok: f.sla.compliant, n: f.sla.judged }) : '—'}
          {f.sla.perStandard.map((s) => (
            <div key={s.standardId}>
              <Typography.Text type="secondary">
                {standardLabel(s.standardId)}: {pctText(s.rate)} ({s.met}/{s.met + s.breached})
              </Typography.Text>
            </div>
          ))}
          {f.sla.breachedTicketIds.length > 0 && drill('sla', t('appraisal.behindBreached', { n: f.sla.breachedTicketIds.length }), <Links ids={f.sla.breachedTicketIds} of={behind?.tickets ?? new Map()} testId="behind-sla" />)}
        </Descriptions.Item>
        <Descriptions.Item label={t('appraisal.actions')}>
          {t('appraisal.actionsDetail', { opened: f.actions.opened, closed: f.actions.closed, onTime: f.actions.closedOnTime, effective: f.actions.effective })}
          {f.actions.opened > 0 && drill('actions', t('appraisal.behindActions', { n: f.actions.opened }), <Links ids={f.actions.actionIds} of={behind?.actions ?? new Map()} testId="behind-actions" />)}
        </Descriptions.Item>
        <Descriptions.Item label={t('appraisal.disputes')}>
          {t('appraisal.disputesDetail', { raised: f.disputes.raised, upheld: f.disputes.upheld, adjusted: f.disputes.adjusted, open: f.disputes.open })}
          {f.disputes.raised > 0 && drill('disputes', t('appraisal.behindDisputes', { n: f.disputes.raised }), <Links ids={f.disputes.disputeIds} of={behind?.disputes ?? new Map()} testId="behind-disputes" />)}
        </Descriptions.Item>
        <Descriptions.Item label={t('appraisal.components.supervisor')}>
          {f.supervisor ? `${t('appraisal.indicators.workResults')} ${f.supervisor.scores.workResults} · ${t('appraisal.indicators.attitude')} ${f.supervisor.scores.attitude} · ${t('appraisal.indicators.ability')} ${f.supervisor.scores.ability}` : t('appraisal.missing.not-entered')}
          {f.supervisor?.note && <div>{f.supervisor.note}</div>}
        </Descriptions.Item>
        <Descriptions.Item label={t('appraisal.components.self')}>
          {f.self ? `${t('appraisal.indicators.workResults')} ${f.self.scores.workResults} · ${t('appraisal.indicators.attitude')} ${f.self.scores.attitude} · ${t('appraisal.indicators.ability')} ${f.self.scores.ability}` : t('appraisal.missing.not-entered')}
          {f.self?.note && <div>{f.self.note}</div>}
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}
