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
  });

  for (const format of ['csv', 'xlsx'] as const)
    it(`${format}: reads back with the same header and cells`, async () => {
      const bytes = await tableFile(table, format);
      if (format === 'csv') expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      else expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]);
      const { table: back } = await readSourceFile(bytes, `actions.${format}`);
      expect(back.header).toEqual(table.header);
      expect(back.rows).toEqual([
        ['书面表达, "清晰"', '王芳', '2026-11-27 24:00', '3'],
        ["'=HYPERLINK(\"http://x\")", 'Li Lei', '2026-12-01 24:00', '0'],
        ['multi\nline', '', '', '12'],
      ]);
    });
});
