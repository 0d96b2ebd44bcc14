// Exports open in a spreadsheet: the CSV and XLSX written are read back by the import reader with the same header
// and cells, Chinese intact, and text that would run as a formula kept as text.
import { describe, expect, it } from 'vitest';
import { safeCell, tableFile } from '@renderer/workers/tableFile';
import { readSourceFile } from '@renderer/workers/sourceFile';

const table = {
  header: ['标题', 'Staff', 'Due', 'Days overdue'],
  rows: [
    ['书面表达, "清晰"', '王芳', '2026-11-27 24:00', 3],
    ['=HYPERLINK("http://x")', 'Li Lei', '2026-12-01 24:00', 0],
    ['multi\nline', '', null, 12],
  ],
  sheet: 'Corrective actions',
};

describe('table exports', () => {
  it('guards cells a spreadsheet would evaluate', () => {
    expect(safeCell('=1+1')).toBe("'=1+1");
    expect(safeCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(safeCell('-2+3')).toBe("'-2+3");
    expect(safeCell('plain')).toBe('plain');
    expect(safeCell(-3)).toBe(-3);
    expect(safeCell('-3.5')).toBe('-3.5');
    // A line feed, tab or carriage return first; full-width signs; spaces before a sign.
    expect(safeCell('\n=1+1')).toBe("'\n=1+1");
    expect(safeCell('\t=1')).toBe("'\t=1");
    expect(safeCell('＝1+1')).toBe("'＝1+1");
    expect(safeCell('＋1')).toBe("'＋1");
    expect(safeCell('－1')).toBe("'－1");
    expect(safeCell('＠SUM(A1)')).toBe("'＠SUM(A1)");
    expect(safeCell('  =1+1')).toBe("'  =1+1");
    expect(safeCell(' plain')).toBe(' plain');
  });

  for (const format of ['csv', 'xlsx'] as const)
    it(`${format}: reads back with the same header and cells`, async () => {
      const bytes = await tableFile(table, format);
      if (format === 'csv') expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      else expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]);
      const { table: back } = await readSourceFile(bytes, `actions.${format}`);
      expect(back.header).toEqual(table.header);
      // CSV has no cell types: the apostrophe tells the spreadsheet it is text. XLSX stores a string, never a
      // formula, so the cell keeps its exact text (no visible apostrophe) and the text format.
      expect(back.rows).toEqual([
        ['书面表达, "清晰"', '王芳', '2026-11-27 24:00', '3'],
        [format === 'csv' ? "'=HYPERLINK(\"http://x\")" : '=HYPERLINK("http://x")', 'Li Lei', '2026-12-01 24:00', '0'],
        ['multi\nline', '', '', '12'],
      ]);
      if (format === 'xlsx') {
        const { default: ExcelJS } = await import('exceljs');
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(Buffer.from(bytes) as never);
        const cell = wb.worksheets[0]!.getCell('A3');
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(cell.formula).toBeUndefined();
        expect(cell.numFmt).toBe('@');
      }
    });
});
