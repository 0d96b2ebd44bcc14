// Text from other systems, shown and exported safely: text-direction controls made visible, formulas kept as text.
import { describe, expect, it } from 'vitest';
import { hasBidiControls, isFormulaLike, neutraliseBidi } from '@renderer/domain/textSafety';

describe('text safety', () => {
  it('every bidirectional override and isolate control is made visible, nothing else changes', () => {
    const all = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069';
    expect(hasBidiControls(`a${all}b`)).toBe(true);
    expect(neutraliseBidi(`a${all}b`)).toBe('a[U+202A][U+202B][U+202C][U+202D][U+202E][U+2066][U+2067][U+2068][U+2069]b');
    expect(hasBidiControls(neutraliseBidi(`x\u202Ey`))).toBe(false);
    // Ordinary right-to-left text and marks (LRM U+200E, RLM U+200F) are left alone.
    expect(neutraliseBidi('مرحبا \u200F 工单 #12')).toBe('مرحبا \u200F 工单 #12');
    expect(hasBidiControls('plain 文本')).toBe(false);
  });

  it('formula-like cells: ASCII and full-width signs, after spaces, or after a tab, CR or LF; not plain negative numbers', () => {
    for (const s of ['=1', '+1', '-1+1', '@A1', '＝1', '＋1', '－1', '＠A1', '  =1', ' ＠x', '\n=1', '\r1', '\tx']) expect(isFormulaLike(s), JSON.stringify(s)).toBe(true);
    for (const s of ['-2', '-3.5', 'a=1', ' plain', '', '1+1', '（＝）']) expect(isFormulaLike(s), JSON.stringify(s)).toBe(false);
  });
});

describe('decoding: replacement characters', () => {
  it('a U+FFFD already in a UTF-8 source is not counted as this decoding garbling the text; a bad byte is', async () => {
    const { decodeText } = await import('@renderer/domain/import/encoding');
    const enc = new TextEncoder();
    expect(decodeText(enc.encode('工单\uFFFD描述'), 'utf-8')).toEqual({ text: '工单\uFFFD描述', replacements: 0 });
    const bad = Uint8Array.from([...enc.encode('ab'), 0xff, ...enc.encode('\uFFFDcd')]);
    expect(decodeText(bad, 'utf-8').replacements).toBe(1);
  });
});

describe('column suggestions', () => {
  it('"First Response Time" and "Time to Resolution" (the public support-ticket dataset) are suggested; Freshdesk keeps its own', async () => {
    const { suggestMapping } = await import('@renderer/domain/import/mapping');
    expect(suggestMapping(['Ticket ID', 'Ticket Subject', 'Date of Purchase', 'First Response Time', 'Time to Resolution'])).toMatchObject({ firstResponseAt: 'First Response Time', resolvedAt: 'Time to Resolution' });
    expect(suggestMapping(['Ticket ID', 'Created time', 'Initial response time', 'First response time (in hrs)', 'Resolved time'])).toMatchObject({ firstResponseAt: 'Initial response time', resolvedAt: 'Resolved time' });
  });
});
