// A widget's table is one list of columns: the page renders it and the CSV / XLSX export writes it, so what a
// spreadsheet gets is what the screen shows (figures as numbers, names and labels in the reader's language).
import { useState, type ReactNode } from 'react';
import { Button, Card, Dropdown, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { tableFile, type Cell, type OutTable } from '@renderer/workers/tableFile';
import { useSaveFile } from '@renderer/session/useSaveFile';

export interface Column<R> {
  key: string;
  title: string;
  /** The cell as exported (a number stays a number). */
  value: (r: R) => Cell;
  /** The cell on screen, when it says more than the value (a tag, an interval). */
  render?: (r: R) => ReactNode;
  align?: 'right';
}

export function outTable<R>(sheet: string, columns: readonly Column<R>[], rows: readonly R[]): OutTable {
  return { sheet, header: columns.map((c) => c.title), rows: rows.map((r) => columns.map((c) => c.value(r))) };
}

export function WidgetTable<R>({ id, columns, rows, rowKey, pageSize = 10 }: { id: string; columns: readonly Column<R>[]; rows: readonly R[]; rowKey: (r: R) => string; pageSize?: number }) {
  return (
    <Table<R>
      size="small"
      data-testid={`${id}-table`}
      rowKey={rowKey}
      dataSource={[...rows]}
      pagination={rows.length > pageSize ? { pageSize, showSizeChanger: false } : false}
      columns={columns.map((c) => ({ key: c.key, title: c.title, align: c.align, render: (_: unknown, r: R) => (c.render ? c.render(r) : (c.value(r) ?? '—')) }))}
    />
  );
}

/** A widget's frame: its title, and its data as CSV or XLSX (the tables it shows, one sheet each). */
export function WidgetCard({ id, title, tables, children, extra }: { id: string; title: string; tables: () => OutTable[]; children: ReactNode; extra?: ReactNode }) {
  const { t } = useTranslation();
  const { saveFile } = useSaveFile();
  const [busy, setBusy] = useState(false);
  const save = async (format: 'csv' | 'xlsx') => {
    setBusy(true);
    try {
      const all = tables();
      // CSV holds one table: the widget's main one; a workbook holds them all.
      const bytes = await tableFile(all, format);
      await saveFile(`${id}.${format}`, bytes, t('files.rows', { count: all[0]!.rows.length }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      size="small"
      title={title}
      data-testid={`widget-${id}`}
      className="dash-widget"
      extra={
        <>
          {extra}
          <Dropdown
            disabled={busy}
            menu={{
              items: [
                { key: 'csv', label: <span data-testid={`${id}-csv`}>CSV</span> },
                { key: 'xlsx', label: <span data-testid={`${id}-xlsx`}>Excel (XLSX)</span> },
              ],
              onClick: ({ key }) => void save(key as 'csv' | 'xlsx'),
            }}
          >
            <Button size="small" type="text" icon={<DownloadOutlined />} aria-label={t('dash.export', { title })} data-testid={`${id}-export`} className="no-print" />
          </Dropdown>
        </>
      }
    >
      {children}
    </Card>
  );
}
