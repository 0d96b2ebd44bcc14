// Recording import end to end in Node: the demo export's recorder folder (WAVs, metadata CSV, transcripts) plus bad
// files, through the real service handlers into IndexedDB. Good files land; each bad one is named in the report.
import { sharedData, withoutSharedData } from '../../sharedData';
import { describe, expect, it } from 'vitest';
import { appendFileSync, copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createHandlers, createServiceContext } from '../../../src-main/services';
import { writeDemoExport } from '../../../src-main/cli/demo';
import { editRecordings, listRecordings, recordingDetail, runRecordingImport, saveTranscripts, type RecordingImportApi } from '@renderer/db/recordings';
import { joinCallLegs, joinImportedLegs, splitCall, type JoinLegsApi } from '@renderer/db/callLegs';
import { compileFileNamePattern, metadataFromFileNames, suggestFileNamePattern } from '@renderer/domain/import/fileNamePattern';
import { createRubric, publishVersion } from '@renderer/db/rubrics';
import { openDraft } from '@renderer/db/evaluations';
import { loadDirectory } from '@renderer/db/imports';
import { mapRecordingMetadata, suggestRecordingMapping } from '@renderer/domain/import/recordingMetadata';
import { parseTranscript, TranscriptUnreadable } from '@renderer/domain/import/transcripts';
import { DEFAULT_TIMESTAMP_OPTIONS } from '@renderer/domain/import/timestamps';
import { readSourceFile } from '@renderer/workers/sourceFile';
import { FIXTURES, importFixture, importWorkspace } from '../importFixtures';
import { loadSmallDemo } from '../fixtures';

const BAD = join(__dirname, '..', '../fixtures/bad/audio');

/** Main's real service handlers on a fresh data folder, and the recording import's view of them. */
function mainServices() {
  const svc = createServiceContext(
    { version: '0', host: 'web', platform: 'linux', osLocale: 'en', dataDir: mkdtempSync(join(tmpdir(), 'qa-d-')), backupDir: '/tmp/b', packaged: false },
    (id) => `/media/${id}`,
  );
  const h = createHandlers(svc);
  const api: RecordingImportApi = {
    start: (files, copyToLibrary) => h.startRecordingImport({ files, copyToLibrary }),
    status: (jobId, since) => h.recordingImportStatus({ jobId, since }),
    cancel: (jobId) => h.cancelRecordingImport({ jobId }),
    relink: async (recordingId, path) => void (await h.relinkRecording({ recordingId, path })),
  };
  return { h, api };
}

describe.skipIf(withoutSharedData('recording import with the public transcripts'))('recording import', () => {
  it('imports the demo recorder folder with metadata, links tickets, reports bad files and missing ones, re-import changes nothing', async () => {
    const out = mkdtempSync(join(tmpdir(), 'qa-demo-rec-'));
    await writeDemoExport(out, 'small', 7, Date.parse('2026-11-20T08:00:00Z'), () => undefined);
    const folder = join(out, 'recordings');
    copyFileSync(join(BAD, 'zero-length.wav'), join(folder, 'zero-length.wav'));
    copyFileSync(join(BAD, 'text-named.wav'), join(folder, 'text-named.wav'));
    appendFileSync(join(folder, 'metadata.csv'), 'ghost.wav,nobody@example.com,,2026-11-19T10:00:00Z,inbound,,Hotline,30\r\n');

    const ctx = await importWorkspace();
    await importFixture(ctx, relative(FIXTURES, join(out, 'tickets.csv')), { source: 'demo-helpdesk' });
    const { h, api } = mainServices();
    const scan = await h.scanMediaPaths({ paths: [folder], typed: true });
    const audio = scan.files.filter((f) => f.kind === 'audio');
    expect(audio).toHaveLength(8);

    const metaFile = scan.files.find((f) => f.name === 'metadata.csv')!;
    const { table } = await readSourceFile(new Uint8Array(readFileSync(metaFile.path)), metaFile.name);
    const mapping = suggestRecordingMapping(table.header);
    expect(mapping).toMatchObject({ fileName: 'File Name', agent: 'Agent Email', ticketExternalId: 'Ticket ID', startedAt: 'Call Start', direction: 'Direction' });
    const meta = mapRecordingMetadata(table, mapping, DEFAULT_TIMESTAMP_OPTIONS, await loadDirectory(ctx.db), audio.map((f) => f.name));
    expect(meta.issues).toContainEqual(expect.objectContaining({ code: 'file-missing', value: 'ghost.wav', severity: 'warning' }));

    const opts = { label: 'recordings', copyToLibrary: false, meta: meta.byFile, metaIssues: meta.issues, actorName: 'Admin', pause: () => new Promise<void>((r) => setTimeout(r, 5)) };
    // First without the metadata CSV: the start time is only the file's, and is marked so; nobody is assigned.
    const bare = await runRecordingImport(ctx, api, audio, { ...opts, meta: new Map(), metaIssues: [] });
    expect(bare.counts).toMatchObject({ created: 6, failed: 2 });
    expect((await ctx.db.recordings.toArray()).every((r) => r.startedAtSource === 'file-time' && r.agentId === null && r.ticketId === null)).toBe(true);
    // The same recordings again with the metadata CSV: it applies (issue 16, item 6), it is not "unchanged".
    const run = await runRecordingImport(ctx, api, audio, opts);
    expect(run.counts).toMatchObject({ rows: 8, created: 0, updated: 6, failed: 2, unchanged: 0 });
    expect((await ctx.db.recordings.toArray()).every((r) => r.startedAtSource === 'metadata' && r.ticketId !== null)).toBe(true);
    expect(run.issues).toContainEqual(expect.objectContaining({ file: 'zero-length.wav', code: 'audio-failed', value: 'empty-file' }));
    expect(run.issues).toContainEqual(expect.objectContaining({ file: 'text-named.wav', code: 'audio-failed', value: 'not-audio' }));
    const recs = await ctx.db.recordings.toArray();
    expect(recs).toHaveLength(6);
    expect(recs.every((r) => r.ticketId !== null && r.format === 'wav-mulaw' && r.durationSec >= 30)).toBe(true);
    expect(await ctx.db.recordingPeaks.count()).toBe(6);

    const again = await runRecordingImport(ctx, api, audio, { ...opts, metaIssues: [] });
    expect(again.counts).toMatchObject({ created: 0, unchanged: 6, failed: 2 });
    expect(await ctx.db.recordings.count()).toBe(6);

    // Transcripts: the demo's JSON segments link by file name; a transcript of a call we do not have is reported.
    const tdir = join(folder, 'transcripts');
    const items = readdirSync(tdir).map((f) => ({ fileName: f, parsed: parseTranscript(f, readFileSync(join(tdir, f), 'utf8')) }));
    const aws = sharedData('transcripts', 'aws_pca_call_analytics_output_sample.json');
    items.push({ fileName: 'aws_pca_call_analytics_output_sample.json', parsed: parseTranscript('x.json', readFileSync(aws, 'utf8')) });
    const t = await saveTranscripts(ctx, items);
    expect(t).toMatchObject({ linked: 6, replaced: 0 });
    expect(t.issues).toEqual([expect.objectContaining({ file: 'aws_pca_call_analytics_output_sample.json', code: 'no-recording' })]);
    expect((await ctx.db.transcripts.toArray()).every((x) => x.segments.length > 0)).toBe(true);
  }, 60000);
});

describe.skipIf(withoutSharedData('transcript formats on the public samples'))('transcript formats', () => {
  it('reads WebVTT with voices, SRT with speaker prefixes, AWS and Azure JSON, and names bad lines', () => {
    const vtt = parseTranscript('c.vtt', 'WEBVTT\n\n00:00:01.000 --> 00:00:03.500\n<v Agent>您好，请问有什么可以帮您？</v>\n\n00:00:04.000 --> 00:00:06.000\n<v Customer>打印不了\n\nxx --> 00:00:07.000\nbad\n');
    expect(vtt.segments).toEqual([
      { speaker: 'agent', start: 1, end: 3.5, text: '您好，请问有什么可以帮您？' },
      { speaker: 'customer', start: 4, end: 6, text: '打印不了' },
    ]);
    expect(vtt.problems).toEqual([{ line: 9, reason: 'bad-time' }]);
    const srt = parseTranscript('c.srt', '1\r\n00:00:01,000 --> 00:00:02,000\r\n客户：系统登录不了\r\n\r\n2\r\n00:00:02,500 --> 00:00:04,000\r\n坐席：我帮您查一下\r\n');
    expect(srt.segments.map((s) => [s.speaker, s.text])).toEqual([
      ['customer', '系统登录不了'],
      ['agent', '我帮您查一下'],
    ]);
    const aws = parseTranscript('a.json', readFileSync(sharedData('transcripts', 'aws_pca_call_analytics_output_sample.json'), 'utf8'));
    expect(aws).toMatchObject({ format: 'aws-call-analytics', names: ['stereo_std_1.mp3'], timed: true });
    expect(aws.segments[0]).toMatchObject({ speaker: 'agent', start: 0.04, end: 0.25 });
    const az = parseTranscript('z.json', readFileSync(sharedData('transcripts', 'azure_conversation_analysis_customer_support_chat.json'), 'utf8'));
    expect(az).toMatchObject({ format: 'azure-conversation', timed: false });
    expect(az.segments).toHaveLength(17);
    expect(az.segments[0]!.speaker).toBe('agent');
    expect(az.segments[1]!.speaker).toBe('customer');
    expect(() => parseTranscript('x.vtt', 'not a transcript')).toThrow(TranscriptUnreadable);
    expect(() => parseTranscript('x.json', '{"a":1}')).toThrow(/no segments/);
  });
});

describe('calls corrected after import (issue 16, item 6)', () => {
  it('a supervisor sets agent, ticket, start and direction on one call or many; a wrong value is named and nothing changes; staff may not', async () => {
    const { ctx, people, as } = await loadSmallDemo();
    const sup = await as(people.find((p) => p.role === 'supervisor')!.id);
    const staff = people.filter((p) => p.role === 'staff');
    const [a, b] = await ctx.db.recordings.limit(2).toArray();
    const ticket = (await ctx.db.tickets.toCollection().first())!;
    const [edited] = await editRecordings(sup, [a!.id], { agentId: staff[1]!.id, ticketExternalId: ticket.externalId, startedAt: '2026-11-03T09:30:00+08:00', direction: 'outbound' });
    expect(edited).toMatchObject({ agentId: staff[1]!.id, teamId: staff[1]!.teamId, ticketId: ticket.id, startedAt: '2026-11-03T01:30:00.000Z', startedAtSource: 'edited', direction: 'outbound', rev: a!.rev + 1 });
    expect((await ctx.db.auditLog.toArray()).some((e) => e.action === 'edit' && e.entity === 'recordings' && e.entityId === a!.id)).toBe(true);
    // A ticket number nobody has: named, and neither call changes.
    await expect(editRecordings(sup, [a!.id, b!.id], { ticketExternalId: 'NO-SUCH', direction: 'inbound' })).rejects.toMatchObject({ field: 'ticketExternalId' });
    await expect(editRecordings(sup, [b!.id], { startedAt: 'yesterday' })).rejects.toMatchObject({ field: 'startedAt' });
    expect((await ctx.db.recordings.get(a!.id))!.direction).toBe('outbound');
    // Bulk: only the field given changes on each; unassigning is allowed.
    await editRecordings(sup, [a!.id, b!.id], { direction: 'inbound' });
    expect((await ctx.db.recordings.bulkGet([a!.id, b!.id])).map((r) => [r!.direction, r!.agentId])).toEqual([['inbound', staff[1]!.id], ['inbound', b!.agentId]]);
    await editRecordings(sup, [b!.id], { agentId: null });
    expect((await ctx.db.recordings.get(b!.id))!).toMatchObject({ agentId: null, teamId: null });
    await expect(editRecordings(await as(staff[0]!.id), [a!.id], { direction: 'outbound' })).rejects.toThrow(/editing calls/);
  });
});

describe.skipIf(withoutSharedData('joining the public agent and caller legs'))('two legs of one call (issue 16, items 7 and 8)', () => {
  it('the legs named by the file-name pattern become one call: one stereo recording, agent and start from the names; split gives the legs back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qa-legs-'));
    for (const side of ['agent', 'caller'])
      copyFileSync(sharedData('audio', `Auto_Repairs_40_UTC_${side}.wav`), join(dir, `AGENT_235324_DT_2026-11-19T10-15-00_${side}.wav`));
    const ctx = await importWorkspace();
    const { h, api } = mainServices();
    const join2: JoinLegsApi = (agentId, callerId, joinedId) => h.joinCallLegs({ agentId, callerId, joinedId });
    const audio = (await h.scanMediaPaths({ paths: [dir], typed: true })).files;
    const pattern = suggestFileNamePattern(audio.map((f) => f.name));
    expect(pattern).toBe('AGENT_{agent}_DT_{start}_{leg}');
    const c = compileFileNamePattern(pattern!);
    if (!c.ok) throw new Error('pattern');
    const names = metadataFromFileNames(c, audio.map((f) => f.name), { ...DEFAULT_TIMESTAMP_OPTIONS, zone: 'Asia/Shanghai' }, await loadDirectory(ctx.db));
    const opts = { label: dir, copyToLibrary: false, meta: names.byFile, metaIssues: names.issues, actorName: 'Admin', pause: () => new Promise<void>((r) => setTimeout(r, 5)) };
    expect((await runRecordingImport(ctx, api, audio, opts)).counts).toMatchObject({ created: 2, failed: 0 });
    const wang = (await ctx.db.people.toArray()).find((p) => p.name === '王芳')!;

    // Each leg's transcript (as a per-leg speech service writes them, speaker unnamed) becomes the call's, in time
    // order, each line said by its side.
    const cue = (n: number, from: number, text: string) => `${n}\n00:00:${String(from).padStart(2, '0')}.000 --> 00:00:${String(from + 2).padStart(2, '0')}.000\n${text}\n`;
    const legVtt = (lines: [number, string][]) => `WEBVTT\n\n${lines.map(([at, text], i) => cue(i + 1, at, text)).join('\n')}`;
    await saveTranscripts(ctx, [
      { fileName: 'AGENT_235324_DT_2026-11-19T10-15-00_agent.vtt', parsed: parseTranscript('a.vtt', legVtt([[1, '您好，这里是售后服务中心'], [9, '我帮您查一下']])) },
      { fileName: 'AGENT_235324_DT_2026-11-19T10-15-00_caller.vtt', parsed: parseTranscript('c.vtt', legVtt([[4, '我的车有异响'], [12, '好的谢谢']])) },
    ]);
    expect(await joinImportedLegs(ctx, join2, names.byFile)).toEqual({ joined: 1, issues: [] });
    const calls = await listRecordings(ctx);
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call).toMatchObject({ agentId: wang.id, teamId: wang.teamId, startedAt: '2026-11-19T02:15:00.000Z', startedAtSource: 'metadata', durationSec: 245.38, format: 'wav-pcm16' });
    expect(call.fileName).toBe('AGENT_235324_DT_2026-11-19T10-15-00_agent.wav + AGENT_235324_DT_2026-11-19T10-15-00_caller.wav');
    const detail = (await recordingDetail(ctx, call.id))!;
    expect(detail.peaks?.channelPeaks).toHaveLength(2);
    expect(detail.transcript!.segments.map((x) => [x.start, x.speaker, x.text])).toEqual([
      [1, 'agent', '您好，这里是售后服务中心'],
      [4, 'customer', '我的车有异响'],
      [9, 'agent', '我帮您查一下'],
      [12, 'customer', '好的谢谢'],
    ]);
    // The same folder imported again: the legs are known (inside the call), nothing new appears.
    expect((await runRecordingImport(ctx, api, audio, opts)).counts).toMatchObject({ created: 0, unchanged: 2 });
    expect(await listRecordings(ctx)).toHaveLength(1);
    // A joined call cannot be joined again; split gives the two legs back.
    expect(await joinCallLegs(ctx, join2, call.legs!.agentId, call.legs!.callerId)).toMatchObject({ ok: false, code: 'already-joined' });
    expect(await splitCall(ctx, call.id)).toMatchObject({ ok: true });
    expect((await listRecordings(ctx)).map((r) => r.fileName).sort()).toEqual(['AGENT_235324_DT_2026-11-19T10-15-00_agent.wav', 'AGENT_235324_DT_2026-11-19T10-15-00_caller.wav']);
    expect((await ctx.db.auditLog.toArray()).map((a) => a.action)).toEqual(expect.arrayContaining(['join', 'split']));

    // Once a leg is being scored it is not joined: the score must keep naming a call people see.
    const { version } = await createRubric(ctx, JSON.parse(readFileSync(join(__dirname, '..', '../../resources/rubrics/call-handling.en.json'), 'utf8')));
    const published = await publishVersion(ctx, version.id);
    const leg = (await listRecordings(ctx)).find((r) => r.fileName.endsWith('_caller.wav'))!;
    await openDraft(ctx, { kind: 'call', id: leg.id, agentId: leg.agentId, teamId: leg.teamId, occurredAt: leg.startedAt }, published.id);
    expect(await joinCallLegs(ctx, join2, call.legs!.agentId, call.legs!.callerId)).toEqual({ ok: false, code: 'evaluated', file: leg.fileName, detail: '1' });
  });
});
