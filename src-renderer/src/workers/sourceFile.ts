// Reads an export file's bytes into a SourceTable: encoding detected (or the user's override), format sniffed,
// XLSX through exceljs (loaded only when needed). Shared by the import worker and the Node tests.
import { decodeText, detectEncoding, type EncodingGuess, type TextEncodingName } from '@renderer/domain/import/encoding';
import { readSourceText, sniffFormat, SourceUnreadable, type SourceFormat, type SourceTable } from '@renderer/domain/import/sourceTable';

export interface SourceFileInfo {
  format: SourceFormat;
  guess: EncodingGuess | null;
  encoding: TextEncodingName | null;
  /** Characters the chosen encoding could not decode: a sign the encoding is wrong. */
  replacements: number;
}

export async function readSourceFile(
  bytes: Uint8Array,
  fileName: string,
  override: { encoding?: TextEncodingName; delimiter?: string; format?: SourceFormat } = {},
): Promise<{ table: SourceTable; info: SourceFileInfo }> {
  if (bytes.length === 0) throw new SourceUnreadable('empty-file', 'the file is empty (0 bytes)');
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const looksXlsx = override.format === 'xlsx' || (override.format === undefined && /\.xlsx$/i.test(fileName));
  if (looksXlsx || (isZip && override.format === undefined)) {
    if (!isZip) throw new SourceUnreadable('bad-json', 'the file is named .xlsx but is not an Excel workbook (no ZIP signature)');
    return { table: await readXlsx(bytes), info: { format: 'xlsx', guess: null, encoding: null, replacements: 0 } };
  }
  const guess = detectEncoding(bytes.subarray(0, 65536));
  const encoding = override.encoding ?? guess.encoding;
  const { text, replacements } = decodeText(bytes, encoding);
  const format = override.format ?? sniffFormat(fileName, text.slice(0, 65536));
  if (format === 'xlsx') throw new SourceUnreadable('bad-json', 'not an Excel workbook');
  const table = readSourceText(text, format, override.delimiter);
  return { table, info: { format: table.format, guess, encoding, replacements } };
}

async function readXlsx(bytes: Uint8Array): Promise<SourceTable> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (e) {
    throw new SourceUnreadable('bad-json', `the workbook cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  const sheet = wb.worksheets[0];
  if (!sheet || sheet.rowCount === 0) throw new SourceUnreadable('empty-file', 'the workbook has no rows on its first sheet');
  let header: string[] | null = null;
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    const values = (row.values as unknown[]).slice(1).map(cellText);
    if (!header) {
      header = values.map((v, i) => v.trim() || `column ${i + 1}`);
      return;
    }
    rows.push(header.map((_, i) => values[i] ?? ''));
    rowNumbers.push(n);
  });
  if (!header) throw new SourceUnreadable('no-header', 'the first sheet has no header row');
  if (rows.length === 0) throw new SourceUnreadable('no-rows', 'the first sheet has a header but no rows');
  return { format: 'xlsx', header, rows, rowNumbers, problems: [] };
}

/** Excel dates carry no zone: they are written as wall-clock text and read in the import's chosen zone. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 19).replace('T', ' ');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((r) => r.text).join('');
    if ('result' in o) return cellText(o.result);
    if ('text' in o) return cellText(o.text);
    if ('error' in o) return String(o.error);
    return JSON.stringify(v);
  }
  return String(v);
}
