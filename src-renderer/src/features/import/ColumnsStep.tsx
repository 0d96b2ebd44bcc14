// Mapping step: which column feeds which ticket field, the export's time zone and day/month order, the source
// name tickets are keyed by, and presets that remember all of it for the next export with the same header.
import { useMemo, useState } from 'react';
import { Alert, App, AutoComplete, Button, Form, Input, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { TICKET_FIELDS, REQUIRED_FIELDS, type TicketField } from '@renderer/domain/import/mapping';
import type { TicketImportOptions } from '@renderer/domain/import/tickets';
import { isKnownZone, type DateOrder } from '@renderer/domain/import/timestamps';
import { savePreset } from '@renderer/db/imports';
import type { DryRun, OpenedSource } from '@renderer/workers/ticketImport.worker';
import { useSession } from '../sign-in/session';

const ZONES = (() => {
  try {
    return ['UTC', ...Intl.supportedValuesOf('timeZone')];
  } catch {
    return ['UTC', 'Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/London', 'Europe/Berlin', 'America/New_York'];
  }
})();

export function ColumnsStep(p: {
  opened: OpenedSource;
  options: TicketImportOptions;
  setOptions: (f: (o: TicketImportOptions) => TicketImportOptions) => void;
  sourceName: string;
  setSourceName: (s: string) => void;
  dryRun: DryRun | null;
  presetNote: string | null;
  orderConfirmed: boolean;
  setOrderConfirmed: (b: boolean) => void;
  onBack: () => void;
  onNext: () => void;
  canContinue: boolean;
  missingRequired: TicketField[];
}) {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const { message } = App.useApp();
  const [presetName, setPresetName] = useState(p.presetNote ?? '');
  const { options, setOptions } = p;
  const sampleOf = (col: string | undefined) => {
    if (!col) return '';
    const i = p.opened.header.indexOf(col);
    return p.opened.sample.map((r) => r[i] ?? '').find((v) => v.trim() !== '') ?? '';
  };
  const dates = p.dryRun ? Object.entries(p.dryRun.profile.dates).filter(([, d]) => d && d.orderDependent > 0) : [];
  const ambiguous = dates.find(([, d]) => d!.ambiguous)?.[1];
  const proven = dates.find(([, d]) => d!.proven === 'dmy' || d!.proven === 'mdy')?.[1];
  const conflict = dates.find(([, d]) => d!.proven === 'conflict');
  const zoneOk = isKnownZone(options.timestamps.zone);
  const columnOptions = useMemo(() => p.opened.header.map((h) => ({ value: h, label: h })), [p.opened.header]);

  const save = async () => {
    const name = presetName.trim();
    if (!name) return;
    await savePreset(ctx, {
      kind: 'tickets',
      name,
      signature: p.opened.signature,
      source: p.sourceName.trim(),
      mapping: options.mapping,
      timestamps: options.timestamps,
      vocabularies: options.vocabularies,
      agentLinks: options.agentLinks,
    });
    void message.success(t('import.presetSaved', { name }));
  };

  const setOrder = (order: DateOrder) => {
    setOptions((o) => ({ ...o, timestamps: { ...o.timestamps, order } }));
    p.setOrderConfirmed(true);
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="columns-step">
      {p.presetNote && <Alert type="info" showIcon title={t('import.presetApplied', { name: p.presetNote })} data-testid="preset-applied" />}
      <Form layout="inline">
        <Form.Item label={t('import.sourceName')} tooltip={t('import.sourceNameHelp')} required>
          <Input value={p.sourceName} onChange={(e) => p.setSourceName(e.target.value)} style={{ width: 200 }} data-testid="source-name" />
        </Form.Item>
        <Form.Item label={t('import.timeZone')} validateStatus={zoneOk ? undefined : 'error'} help={zoneOk ? undefined : t('import.badZone')}>
          <AutoComplete
            value={options.timestamps.zone}
            style={{ width: 220 }}
            data-testid="time-zone"
            options={ZONES.filter((z) => z.toLowerCase().includes(options.timestamps.zone.toLowerCase())).slice(0, 50).map((z) => ({ value: z }))}
            onChange={(zone: string) => setOptions((o) => ({ ...o, timestamps: { ...o.timestamps, zone } }))}
          />
        </Form.Item>
      </Form>

      {ambiguous && (
        <Alert
          type={p.orderConfirmed ? 'info' : 'warning'}
          showIcon
          data-testid="date-order-question"
          title={t('import.dateOrderQuestion', { example: ambiguous.example })}
          description={
            <Space direction="vertical">
              <Radio.Group value={p.orderConfirmed ? options.timestamps.order : undefined} onChange={(e) => setOrder(e.target.value as DateOrder)}>
                <Radio value="dmy" data-testid="order-dmy">
                  {t('import.dayFirst')}
                </Radio>
                <Radio value="mdy" data-testid="order-mdy">
                  {t('import.monthFirst')}
                </Radio>
              </Radio.Group>
              {ambiguous.twoDigitYears && <Typography.Text type="secondary">{t('import.twoDigitYears', { century: options.timestamps.century })}</Typography.Text>}
            </Space>
          }
        />
      )}
      {!ambiguous && proven && (
        <Alert type="info" showIcon title={t(proven.proven === 'dmy' ? 'import.provenDayFirst' : 'import.provenMonthFirst', { example: proven.example })} />
      )}
      {conflict && <Alert type="error" showIcon title={t('import.dateConflict', { column: options.mapping[conflict[0] as TicketField] })} />}

      <Table
        size="small"
        pagination={false}
        rowKey="field"
        data-testid="mapping-table"
        dataSource={TICKET_FIELDS.map((field) => ({ field }))}
        columns={[
          {
            title: t('import.field'),
            dataIndex: 'field',
            width: 220,
            render: (f: TicketField) => (
              <Space>
                {t(`import.fields.${f}`)}
                {REQUIRED_FIELDS.includes(f) && <Tag color="red">{t('import.required')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('import.column'),
            key: 'column',
            width: 280,
            render: (_: unknown, { field }: { field: TicketField }) => (
              <Select
                allowClear
                showSearch
                placeholder={t('import.notMapped')}
                value={options.mapping[field]}
                style={{ width: 260 }}
                data-testid={`map-${field}`}
                options={columnOptions}
                onChange={(v: string | undefined) => setOptions((o) => ({ ...o, mapping: { ...o.mapping, [field]: v } }))}
              />
            ),
          },
          {
            title: t('import.example'),
            key: 'example',
            render: (_: unknown, { field }: { field: TicketField }) => <Typography.Text type="secondary">{sampleOf(options.mapping[field]).slice(0, 60)}</Typography.Text>,
          },
        ]}
      />
      {p.missingRequired.length > 0 && (
        <Alert type="warning" showIcon title={t('import.missingRequired', { fields: p.missingRequired.map((f) => t(`import.fields.${f}`)).join(', ') })} />
      )}
      <Space wrap>
        <Input placeholder={t('import.presetName')} value={presetName} onChange={(e) => setPresetName(e.target.value)} style={{ width: 220 }} data-testid="preset-name" />
        <Button onClick={() => void save()} disabled={!presetName.trim()} data-testid="save-preset">
          {t('import.savePreset')}
        </Button>
      </Space>
      <Space>
        <Button onClick={p.onBack}>{t('import.back')}</Button>
        <Button type="primary" disabled={!p.canContinue || !zoneOk} onClick={p.onNext} data-testid="next-values">
          {t('import.next')}
        </Button>
      </Space>
    </Space>
  );
}
