// Counts and rates per team or per person (open, overdue, closed, done on time, effective): what feeds the appraisal.
import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ActionRates } from '@renderer/domain/correctiveActions';

export const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)} %`);

export function RatesTable({ rows, label, testId }: { rows: { key: string; rates: ActionRates }[]; label: (key: string) => string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Table
      size="small"
      rowKey="key"
      dataSource={rows}
      pagination={rows.length > 10 ? { pageSize: 10 } : false}
      data-testid={testId}
      columns={[
        { title: '', key: 'name', render: (_: unknown, r) => label(r.key) },
        { title: t('corrective.countOpen'), key: 'open', render: (_: unknown, r) => r.rates.open },
        { title: t('corrective.countOverdue'), key: 'overdue', render: (_: unknown, r) => r.rates.overdue },
        { title: t('corrective.countClosed'), key: 'closed', render: (_: unknown, r) => r.rates.closed },
        { title: t('corrective.onTimeRate'), key: 'onTime', render: (_: unknown, r) => pct(r.rates.onTimeRate) },
        { title: t('corrective.effectiveRate'), key: 'effective', render: (_: unknown, r) => pct(r.rates.effectiveRate) },
        { title: t('corrective.overridden'), key: 'overridden', render: (_: unknown, r) => r.rates.overridden },
      ]}
    />
  );
}
