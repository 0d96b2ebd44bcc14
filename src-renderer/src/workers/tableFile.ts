// Writes a table (header + rows) as a CSV or XLSX file's bytes, for exports that open in a spreadsheet: CSV in
// UTF-8 with a byte-order mark (so Excel reads Chinese correctly) and CRLF lines; XLSX through exceljs (loaded only
// when needed) with a bold, frozen header. Text that a spreadsheet would run as a formula (=, +, -, @ first) is
// kept as text. Shared by the renderer and the Node tests, which read the files back with the import reader.
import Papa from 'papaparse';
import { isFormulaLike } from '@renderer/domain/textSafety';

export type Cell = string | number | null;
export interface OutTable {
  header: string[];
  rows: Cell[][];
  /** The sheet's name in a workbook. */
  sheet?: string;
}

/** In CSV, a cell a spreadsheet would evaluate ("=1+1", "@SUM(...)", "-2+3", "\n=1", "＝1") gets a leading apostrophe. */
export function safeCell(v: Cell): Cell {
  return typeof v === 'string' && isFormulaLike(v) ? `'${v}` : v;
}

export function tableToCsv(t: OutTable): Uint8Array {
  const text = Papa.unparse({ fields: t.header.map((h) => String(safeCell(h))), data: t.rows.map((r) => r.map((v) => safeCell(v) ?? '')) }, { newline: '\r\n' });
  return new TextEncoder().encode('\ufeff' + text + '\r\n');
}

const tableList = (t: OutTable | readonly OutTable[]): readonly OutTable[] => ('header' in t ? [t] : t);

/** A workbook with one sheet per table (a widget's several tables, or one). */
export async function tableToXlsx(tables: OutTable | readonly OutTable[]): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'QA Console';
  const used = new Set<string>();
  for (const [n, t] of tableList(tables).entries()) {
    let name = (t.sheet ?? `Sheet${n + 1}`).replace(/[[\]*?/\\:]/g, ' ').slice(0, 31);
    if (used.has(name)) name = `${name.slice(0, 27)} (${n + 1})`;
    used.add(name);
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(t.header);
    ws.getRow(1).font = { bold: true };
    // In XLSX a string is stored as text and never evaluated: formula-looking cells keep their exact text (no
    // visible apostrophe) and get the text format, so editing the cell does not turn it into a formula either.
    for (const r of t.rows) {
      const row = ws.addRow(r.map((v) => v ?? ''));
      r.forEach((v, i) => {
        if (typeof v === 'string' && isFormulaLike(v)) row.getCell(i + 1).numFmt = '@';
      });
    }
    ws.columns.forEach((c, i) => {
      const longest = Math.max(t.header[i]?.length ?? 0, ...t.rows.slice(0, 500).map((r) => String(r[i] ?? '').length));
      c.width = Math.min(60, Math.max(8, longest + 2));
    });
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** CSV holds the first table; a workbook holds them all, one sheet each. */
export async function tableFile(t: OutTable | readonly OutTable[], format: 'csv' | 'xlsx'): Promise<Uint8Array> {
  return format === 'csv' ? tableToCsv(tableList(t)[0]!) : tableToXlsx(t);
}
