// Source column -> field, with the first value of each mapped column: shared by ticket and recording imports.
import { useMemo } from 'react';
import { Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function MappingTable<F extends string>(p: {
  fields: readonly F[];
  labelPrefix: string;
  required: readonly F[];
  header: string[];
  sample: string[][];
  mapping: Partial<Record<F, string>>;
  onChange: (field: F, column: string | undefined) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const columnOptions = useMemo(() => p.header.map((h) => ({ value: h, label: h })), [p.header]);
  const sampleOf = (col: string | undefined) => {
    if (!col) return '';
    const i = p.header.indexOf(col);
    return p.sample.map((r) => r[i] ?? '').find((v) => v.trim() !== '') ?? '';
  };
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="field"
      data-testid={p.testId}
      dataSource={p.fields.map((field) => ({ field }))}
      columns={[
        {
          title: t('import.field'),
          dataIndex: 'field',
          width: 220,
          render: (f: F) => (
            <Space>
              {t(`${p.labelPrefix}.${f}`)}
              {p.required.includes(f) && <Tag color="red">{t('import.required')}</Tag>}
            </Space>
          ),
        },
        {
          title: t('import.column'),
          key: 'column',
          width: 280,
          render: (_: unknown, { field }: { field: F }) => (
            <Select
              allowClear
              showSearch
              placeholder={t('import.notMapped')}
              value={p.mapping[field]}
              style={{ width: 260 }}
              data-testid={`map-${field}`}
              options={columnOptions}
              onChange={(v: string | undefined) => p.onChange(field, v)}
            />
          ),
        },
        {
          title: t('import.example'),
          key: 'example',
          render: (_: unknown, { field }: { field: F }) => <Typography.Text type="secondary">{sampleOf(p.mapping[field]).slice(0, 60)}</Typography.Text>,
        },
      ]}
    />
  );
}
