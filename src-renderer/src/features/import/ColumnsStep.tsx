// Mapping step: which column feeds which ticket field, the export's time zone and day/month order, the source
// name tickets are keyed by, and presets that remember all of it for the next export with the same header.
import { useMemo, useState } from 'react';
import { MappingTable } from './MappingTable';
import { TimeZoneInput } from './TimeZoneInput';
import { Alert, App, Button, Form, Input, Radio, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { TICKET_FIELDS, REQUIRED_FIELDS, type TicketField } from '@renderer/domain/import/mapping';
import type { TicketImportOptions } from '@renderer/domain/import/tickets';
import { isKnownZone, timestampColumns, type DateOrder } from '@renderer/domain/import/timestamps';
import { savePreset } from '@renderer/db/imports';
import type { DryRun, OpenedSource } from '@renderer/workers/ticketImport.worker';
import { useSession } from '@renderer/session/session';

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
  const creationCandidates = useMemo(() => timestampColumns(p.opened.header, p.opened.sample), [p.opened]);
  const dates = p.dryRun ? Object.entries(p.dryRun.profile.dates).filter(([, d]) => d && d.orderDependent > 0) : [];
  const ambiguous = dates.find(([, d]) => d!.ambiguous)?.[1];
  const proven = dates.find(([, d]) => d!.proven === 'dmy' || d!.proven === 'mdy')?.[1];
  const conflict = dates.find(([, d]) => d!.proven === 'conflict');
  const zoneOk = isKnownZone(options.timestamps.zone);

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
          <TimeZoneInput value={options.timestamps.zone} testId="time-zone" onChange={(zone) => setOptions((o) => ({ ...o, timestamps: { ...o.timestamps, zone } }))} />
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

      {/* No column read as the creation time, but some hold dates: say which to choose, one click each. */}
      {!options.mapping.openedAt && creationCandidates.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="choose-creation"
          title={t('import.chooseCreation')}
          description={
            <Space wrap>
              {creationCandidates.map((col, i) => (
                <Button key={col} size="small" onClick={() => setOptions((o) => ({ ...o, mapping: { ...o.mapping, openedAt: col } }))} data-testid={`creation-${i}`}>
                  {col}
                </Button>
              ))}
            </Space>
          }
        />
      )}
      <MappingTable
        fields={TICKET_FIELDS}
        labelPrefix="import.fields"
        required={REQUIRED_FIELDS}
        header={p.opened.header}
        sample={p.opened.sample}
        mapping={options.mapping}
        onChange={(field, v) => setOptions((o) => ({ ...o, mapping: { ...o.mapping, [field]: v } }))}
        testId="mapping-table"
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
