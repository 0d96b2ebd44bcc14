import { describe, expect, it } from 'vitest';
import {
  compileFileNamePattern,
  mergeRecordingMeta,
  metadataFromFileNames,
  nameStartToIso,
  readFileName,
  suggestFileNamePattern,
} from '@renderer/domain/import/fileNamePattern';
import type { RecordingMeta } from '@renderer/domain/import/recordingMetadata';
import { DEFAULT_TIMESTAMP_OPTIONS } from '@renderer/domain/import/timestamps';

const dir = {
  people: [
    { id: 'p-chris', name: 'Chris Lee', email: 'chris@example.com', employeeNo: 'ChrisL', teamId: 't1' },
    { id: 'p-wang', name: '王芳', email: 'wang@example.com', employeeNo: '2001', teamId: 't1' },
  ],
  teams: [{ id: 't1', name: 'Hotline' }],
};
const ok = (p: string) => {
  const c = compileFileNamePattern(p);
  if (!c.ok) throw new Error(`${p}: ${c.error.code}`);
  return c;
};

describe('file-name patterns (issue 16, item 8)', () => {
  it('reads keyed recorder names (AGENT_, DT_, GUID_) into agent and start time in the recorder zone', () => {
    const c = ok('{*}_GUID_{guid}_AGENT_{agent}_DT_{start}');
    expect(readFileName(c, 'Auto0_GUID_000_AGENT_ChrisL_DT_2022-03-21T17-51-51.wav')).toEqual({ guid: '000', agent: 'ChrisL', start: '2022-03-21T17-51-51' });
    const r = metadataFromFileNames(c, ['Auto0_GUID_000_AGENT_ChrisL_DT_2022-03-21T17-51-51.wav'], { ...DEFAULT_TIMESTAMP_OPTIONS, zone: 'UTC' }, dir);
    expect(r.issues).toEqual([]);
    expect(r.byFile.get('auto0_guid_000_agent_chrisl_dt_2022-03-21t17-51-51')).toMatchObject({ agentId: 'p-chris', startedAt: '2022-03-21T17:51:51.000Z', direction: null });
    // Asia/Shanghai wall clock is UTC+8.
    expect(nameStartToIso('20260321-175151', 'Asia/Shanghai')).toBe('2026-03-21T09:51:51.000Z');
    expect(nameStartToIso('20260321', 'UTC')).toBe('2026-03-21T00:00:00.000Z');
    expect(nameStartToIso('20260231-101010', 'UTC')).toBeNull();
  });

  it('reads PBX names told apart by dashes: direction, extension, caller number, date-time, unique id', () => {
    const c = ok('{direction}-{agent}-{number}-{start}-{*}');
    const r = metadataFromFileNames(c, ['in-2001-13800138000-20260321-175151-1711012345.123.wav', 'out-9999-02155550000-20260321-180000-1.wav'], DEFAULT_TIMESTAMP_OPTIONS, dir);
    expect(r.byFile.get('in-2001-13800138000-20260321-175151-1711012345.123')).toMatchObject({
      agentId: 'p-wang', direction: 'inbound', customerNumber: '13800138000', startedAt: '2026-03-21T09:51:51.000Z',
    });
    // An agent the directory does not know is reported by file and value, the rest still read.
    expect(r.issues).toEqual([expect.objectContaining({ file: 'out-9999-02155550000-20260321-180000-1.wav', code: 'agent-unmatched', value: '9999' })]);
    expect(r.byFile.get('out-9999-02155550000-20260321-180000-1')).toMatchObject({ agentId: null, direction: 'outbound' });
  });

  it('names every file that does not follow the pattern, and every impossible date, instead of guessing', () => {
    const c = ok('AGENT_{agent}_DT_{start}');
    const r = metadataFromFileNames(c, ['AGENT_ChrisL_DT_2026-02-30T10-00-00.wav', 'holiday-greeting.wav'], DEFAULT_TIMESTAMP_OPTIONS, dir);
    expect(r.issues).toEqual([
      expect.objectContaining({ file: 'AGENT_ChrisL_DT_2026-02-30T10-00-00.wav', code: 'impossible-date', value: '2026-02-30T10-00-00', column: 'AGENT_{agent}_DT_{start}' }),
      expect.objectContaining({ file: 'holiday-greeting.wav', code: 'name-unmatched' }),
    ]);
    expect(r.byFile.get('agent_chrisl_dt_2026-02-30t10-00-00')).toMatchObject({ agentId: 'p-chris', startedAt: null });
  });

  it('refuses a pattern it cannot use, saying where', () => {
    expect(compileFileNamePattern('AGENT_{agnet}_DT_{start}')).toMatchObject({ ok: false, error: { code: 'unknown-placeholder', at: 6, value: '{agnet}' } });
    expect(compileFileNamePattern('AGENT_{agent')).toMatchObject({ ok: false, error: { code: 'unclosed-brace', at: 6 } });
    expect(compileFileNamePattern('{agent}_{agent}')).toMatchObject({ ok: false, error: { code: 'repeated-placeholder' } });
    expect(compileFileNamePattern('recording')).toMatchObject({ ok: false, error: { code: 'no-placeholder' } });
    // Literal regex characters in a name are literal, and the extension is not part of the pattern.
    expect(readFileName(ok('call(1)+{number}.wav'), 'call(1)+13800138000.mp3')).toEqual({ number: '13800138000' });
  });

  it('suggests a pattern from names recorders write', () => {
    expect(suggestFileNamePattern(['Auto0_GUID_000_AGENT_ChrisL_DT_2022-03-21T17-51-51.wav', 'Auto1_GUID_001_AGENT_ChrisL_DT_2022-03-22T09-00-00.wav'])).toBe(
      '{*}_GUID_{guid}_AGENT_{agent}_DT_{start}',
    );
    expect(suggestFileNamePattern(['in-2001-13800138000-20260321-175151-1711012345.123.wav'])).toBe('{direction}-{*}-{number}-{start}-{*}');
    expect(suggestFileNamePattern(['Auto_Repairs_40_UTC_agent.wav', 'Auto_Repairs_40_UTC_caller.wav'])).toBe('{*}_{leg}');
    expect(suggestFileNamePattern(['greeting.wav', 'hold music.mp3'])).toBeNull();
  });

  it('the two legs of one call share a key', () => {
    const r = metadataFromFileNames(ok('{*}_{leg}'), ['Auto_Repairs_40_UTC_agent.wav', 'Auto_Repairs_40_UTC_caller.wav'], DEFAULT_TIMESTAMP_OPTIONS, dir);
    const legs = [...r.byFile.values()].map((m) => m.leg);
    expect(legs).toEqual([
      { side: 'agent', callKey: 'auto_repairs_40_utc_·' },
      { side: 'caller', callKey: 'auto_repairs_40_utc_·' },
    ]);
  });

  it('a metadata CSV row wins field by field; the name fills what the row leaves empty', () => {
    const names = metadataFromFileNames(ok('{direction}-{agent}-{number}-{start}-{*}'), ['in-2001-13800138000-20260321-175151-1.wav'], DEFAULT_TIMESTAMP_OPTIONS, dir).byFile;
    const row: RecordingMeta = { row: 2, fileName: 'in-2001-13800138000-20260321-175151-1.wav', agentId: 'p-chris', ticketExternalId: 'T-9', startedAt: null, direction: null, customerNumber: '', queue: 'VIP' };
    const m = mergeRecordingMeta(new Map([['in-2001-13800138000-20260321-175151-1', row]]), names).get('in-2001-13800138000-20260321-175151-1');
    expect(m).toMatchObject({ row: 2, agentId: 'p-chris', ticketExternalId: 'T-9', startedAt: '2026-03-21T09:51:51.000Z', direction: 'inbound', customerNumber: '13800138000', queue: 'VIP' });
  });
});
