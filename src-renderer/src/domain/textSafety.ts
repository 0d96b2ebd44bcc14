// Text from other systems that could mislead a reader or a spreadsheet: bidirectional-override controls (which can
// make "txt.exe" read as "exe.txt", or reorder a sentence), and cells a spreadsheet would run as a formula.

/** LRE, RLE, PDF, LRO, RLO (U+202A–U+202E) and LRI, RLI, FSI, PDI (U+2066–U+2069). */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export const hasBidiControls = (s: string): boolean => /[\u202A-\u202E\u2066-\u2069]/.test(s);

/** For display: each control becomes its visible code ([U+202E]), so text reads in the order it was stored. */
export function neutraliseBidi(s: string): string {
  return s.replace(BIDI_CONTROLS, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase()}]`);
}

/**
 * Would a spreadsheet evaluate this cell? A formula sign first (= + - @, or their full-width forms ＝＋－＠, which
 * some spreadsheets accept), possibly after spaces; or a tab, carriage return or line feed first (which some
 * spreadsheets strip before evaluating). A plain negative number ("-2", "-3.5") is not a formula.
 */
export function isFormulaLike(s: string): boolean {
  if (/^-\d+(\.\d+)?$/.test(s)) return false;
  return /^[\t\r\n]/.test(s) || /^ *[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(s);
}
