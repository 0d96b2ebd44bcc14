// A sample run's preview: counts per person and stratum, who cannot meet the quota, margins of error, the sample a
// chosen margin needs, what would be drawn, and the seed to draw it again; commit or go back.
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, InputNumber, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { DEFAULT_SCORE_SD, sampleSizeFor } from '@renderer/domain/periodScore';
import { type RunPreview } from '@renderer/db/sampling';
import { formatNumber, periodText } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { quotaBelowAppraisalMinimum } from '@renderer/domain/samplePlan';
import { ReasonText } from '@renderer/ui/ReasonText';

/** A margin on the 0-100 scale: beyond 100 points it only says the sample is far too small. */
function marginText(m: number, tooFew: string): string {
  if (!Number.isFinite(m)) return tooFew;
  return m > 100 ? '±100+' : `±${m.toFixed(1)}`;
}

export function PreviewView({ preview, busy, onCommit, onBack, onRedraw }: { preview: RunPreview; busy: boolean; onCommit: () => void; onBack: () => void; onRedraw: (seed?: number) => void }) {
  const { t } = useTranslation();
  const { settings } = useSession();
  const [seed, setSeed] = useState<number | null>(preview.seed);
  const names = useMemo(() => new Map(preview.people.map((p) => [p.personId, p.name])), [preview]);
  const thin = quotaBelowAppraisalMinimum(preview.definition, settings.minEvaluations);
  const [target, setTarget] = useState(5);
  const worst = useMemo(() => Math.max(0, ...preview.people.map((p) => (Number.isFinite(p.margin) ? p.margin : 0))), [preview]);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="sample-preview">
      <Card
        title={t('sampling.previewTitle', { name: preview.definition.name, period: periodText(preview.period.label) })}
        extra={
          <Space>
            <Button onClick={onBack}>{t('review.back')}</Button>
            <Button type="primary" loading={busy} onClick={onCommit} data-testid="commit-run">
              {t('sampling.commit', { n: preview.picks.length })}
            </Button>
          </Space>
        }
      >
        <Row gutter={16}>
          <Col span={6}><Statistic title={t('sampling.picks')} value={preview.picks.length} data-testid="pick-count" /></Col>
          <Col span={6}><Statistic title={t('sampling.population')} value={formatNumber(preview.population)} /></Col>
          <Col span={6}><Statistic title={t('sampling.excluded')} value={formatNumber(preview.excluded)} /></Col>
          <Col span={6}><Statistic title={t('sampling.seed')} value={preview.seed} formatter={() => <Typography.Text code copyable>{preview.seed}</Typography.Text>} /></Col>
        </Row>
        {/* The seed decides the draw: type one (a colleague's, to check theirs), keep it, or take a new one. */}
        <Space style={{ marginTop: 12 }} wrap>
          <Typography.Text>{t('sampling.seedLabel')}</Typography.Text>
          <InputNumber min={0} max={2 ** 32 - 1} precision={0} value={seed} onChange={(v) => setSeed(v)} style={{ width: 160 }} data-testid="seed-input" />
          <Button loading={busy} disabled={seed === null} onClick={() => onRedraw(seed ?? undefined)} data-testid="redraw-seed">
            {t('sampling.drawWithSeed')}
          </Button>
          <Button loading={busy} onClick={() => onRedraw()} data-testid="redraw-new">
            {t('sampling.drawNewSeed')}
          </Button>
        </Space>
        {preview.onLeave.length > 0 && (
          <Alert style={{ marginTop: 12 }} type="info" showIcon title={t('sampling.onLeave', { names: preview.onLeave.map((p) => p.name).join(', ') })} data-testid="on-leave" />
        )}
        {preview.shortfalls.length > 0 && <Alert style={{ marginTop: 12 }} type="warning" showIcon title={t('sampling.shortfalls', { n: preview.shortfalls.length })} data-testid="shortfalls" />}
        {thin && <Alert style={{ marginTop: 12 }} type="warning" showIcon title={t('sampling.belowAppraisalMinimum', thin)} data-testid="below-appraisal-minimum" />}
        <Space style={{ marginTop: 12 }} wrap>
          <Typography.Text>{t('sampling.marginTarget')}</Typography.Text>
          <InputNumber min={1} max={50} value={target} onChange={(v) => setTarget(v ?? 5)} addonAfter={t('sampling.points')} data-testid="margin-target" />
          <Typography.Text data-testid="needed-size">{t('sampling.needed', { n: sampleSizeFor(target, DEFAULT_SCORE_SD), sd: DEFAULT_SCORE_SD })}</Typography.Text>
          <Typography.Text type="secondary">{t('sampling.worstMargin', { m: marginText(worst, '') })}</Typography.Text>
        </Space>
      </Card>
      <Row gutter={16}>
        <Col span={16}>
          <Card title={t('sampling.perPerson')} size="small">
            <Table
              size="small"
              rowKey="personId"
              dataSource={preview.people}
              data-testid="preview-people"
              pagination={{ pageSize: 12 }}
              columns={[
                { title: t('import.fields.agent'), dataIndex: 'name' },
                { title: t('sampling.tickets'), dataIndex: 'tickets' },
                { title: t('sampling.calls'), dataIndex: 'calls' },
                { title: t('sampling.followUps'), dataIndex: 'followUps', render: (n: number) => (n ? <Tag color="purple">{n}</Tag> : '') },
                {
                  title: t('sampling.margin'),
                  key: 'margin',
                  render: (_: unknown, p) => marginText(p.margin, t('sampling.tooFew')) + (p.spreadFromHistory ? '' : ' *'),
                },
                {
                  title: '',
                  key: 'short',
                  render: (_: unknown, p) =>
                    preview.shortfalls
                      .filter((s) => s.key === p.personId)
                      .map((s) => (
                        <Tag key={s.kind} color="orange">
                          {t('sampling.shortKind', { kind: t(`review.kind.${s.kind}`), available: s.available, wanted: s.wanted })}
                        </Tag>
                      )),
                },
              ]}
            />
            <Typography.Text type="secondary">{t('sampling.marginNote', { sd: DEFAULT_SCORE_SD })}</Typography.Text>
          </Card>
        </Col>
        <Col span={24} style={{ marginBottom: 16 }} order={1}>
          <Card title={t('sampling.pickList', { n: preview.picks.length })} size="small">
            <Table
              size="small"
              rowKey="itemId"
              dataSource={preview.picks}
              data-testid="preview-picks"
              pagination={{ pageSize: 10 }}
              columns={[
                { title: t('review.item'), key: 'item', render: (_: unknown, p) => preview.labels.get(p.itemId) ?? p.itemId },
                { title: t('review.kindLabel'), key: 'kind', render: (_: unknown, p) => t(`review.kind.${p.kind}`) },
                { title: t('import.fields.agent'), key: 'agent', render: (_: unknown, p) => names.get(p.agentId) ?? p.agentId },
                { title: t('sampling.whyColumn'), key: 'reason', render: (_: unknown, p) => <ReasonText reason={p.reason} /> },
              ]}
            />
          </Card>
        </Col>
        <Col span={8}>
          <Card title={t('sampling.strata')} size="small">
            <Table
              size="small"
              rowKey="stratum"
              pagination={false}
              dataSource={preview.strata}
              data-testid="preview-strata"
              columns={[
                { title: t('import.fields.channel'), dataIndex: 'stratum', render: (s: string) => t(`values.channel.${s}`, { defaultValue: s }) },
                { title: t('sampling.picks'), dataIndex: 'picks' },
                { title: t('sampling.population'), dataIndex: 'population', render: (n: number | null) => (n === null ? <span title={t('sampling.populationUnread')}>—</span> : formatNumber(n)) },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
