// Recording import through the contract handlers: scan a folder, import with progress, per-file errors, library
// copies, the media handler refusing a changed file, change detection and relinking a moved file.
import { sharedData, withoutSharedData } from '../../sharedData';
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mp3, pcm16Samples, pcm16Wav } from '../../fixtures/audioFiles';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordingImportStatus } from '@contract';
import { createHandlers, createServiceContext, dispatch, type Handlers } from '../../../src-main/services';
import { signedIn } from '../serviceSession';
import { serveMedia } from '../../../src-main/services/media';

const SHARED = sharedData('audio');
const BAD = join(__dirname, '..', '../fixtures/bad/audio');

function setup() {
  const dataDir = mkdtempSync(join(tmpdir(), 'qa-rec-'));
  const ctx = createServiceContext(
    { version: '0', host: 'web', platform: 'linux', osLocale: 'en', dataDir, backupDir: join(dataDir, 'b'), packaged: false },
    (id) => `/media/${id}`,
  );
  // As if the user had chosen these folders in the dialog (main reads nothing else; tested in grants.test.ts).
  ctx.grants.grant([SHARED, BAD, tmpdir()]);
  return { ctx, h: createHandlers(ctx), dataDir, as: signedIn(ctx) };
}

async function runJob(h: Handlers, files: { id: string; path: string }[], copyToLibrary = false): Promise<RecordingImportStatus> {
  const { jobId } = await h.startRecordingImport({ files, copyToLibrary });
  for (;;) {
    const s = await h.recordingImportStatus({ jobId, since: 0 });
    if (s.finished) return s;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(withoutSharedData('recording import on the public recordings'))('recording import', () => {
  it('scans a folder: audio, metadata and transcripts told apart; missing paths named', async () => {
    const { h } = setup();
    const dir = mkdtempSync(join(tmpdir(), 'qa-scan-'));
    mkdirSync(join(dir, 'transcripts'));
    copyFileSync(join(SHARED, 'whatstheweatherlike-mulaw.wav'), join(dir, 'call-1.wav'));
    writeFileSync(join(dir, 'metadata.csv'), 'File Name\r\ncall-1.wav\r\n');
    writeFileSync(join(dir, 'transcripts', 'call-1.vtt'), 'WEBVTT\n');
    writeFileSync(join(dir, '.DS_Store'), '');
    const r = await h.scanMediaPaths({ paths: [dir, join(dir, 'nope')], typed: true });
    expect(r.files.map((f) => [f.name, f.kind])).toEqual([
      ['call-1.wav', 'audio'],
      ['metadata.csv', 'metadata'],
      ['call-1.vtt', 'transcript'],
    ]);
    expect(r.missing).toEqual([join(dir, 'nope')]);
  });

  it('imports good files, reports each bad one by name, and streams what it registered', async () => {
    const { h, ctx, as } = setup();
    const files = [
      { id: 'r1', path: join(SHARED, 'Auto_Repairs_40_UTC_agent.wav') },
      { id: 'r2', path: join(BAD, 'zero-length.wav') },
      { id: 'r3', path: join(BAD, 'text-named.wav') },
      { id: 'r4', path: join(SHARED, 'whatstheweatherlike-mulaw.wav') },
    ];
    const s = await runJob(h, files);
    expect(s).toMatchObject({ total: 4, done: 4, finished: true, cancelled: false });
    expect(s.results.map((r) => [r.id, r.ok, r.ok ? r.durationSec : r.code])).toEqual([
      ['r1', true, 245.38],
      ['r2', false, 'empty-file'],
      ['r3', false, 'not-audio'],
      ['r4', true, 2.03],
    ]);
    const served = await serveMedia(ctx.media, 'r4', 'bytes=0-11');
    expect(served).toMatchObject({ status: 206, headers: { 'content-type': 'audio/wav', 'content-range': 'bytes 0-11/32536' } });
    expect((await dispatch(h, 'mediaUrl', { recordingId: 'r2' }, as)).ok).toBe(false);
  });

  it('copies into the media library when asked, so the original may move', async () => {
    const { h, dataDir } = setup();
    const s = await runJob(h, [{ id: 'c1', path: join(SHARED, 'whatstheweatherlike-mulaw.wav') }], true);
    const r = s.results[0]!;
    if (!r.ok) throw new Error(r.detail);
    expect(r.storedPath.startsWith(join(dataDir, 'media-library'))).toBe(true);
    expect(await h.checkRecordingFile({ recordingId: 'c1' })).toMatchObject({ state: 'ok' });
  });

  it('detects a moved file and a changed one; relinks only the same content', async () => {
    const { h, ctx, as } = setup();
    const dir = mkdtempSync(join(tmpdir(), 'qa-move-'));
    copyFileSync(join(SHARED, 'whatstheweatherlike-mulaw.wav'), join(dir, 'a.wav'));
    copyFileSync(join(SHARED, 'Auto_Repairs_40_UTC_agent.wav'), join(dir, 'b.wav'));
    await runJob(h, [
      { id: 'm1', path: join(dir, 'a.wav') },
      { id: 'm2', path: join(dir, 'b.wav') },
    ]);
    renameSync(join(dir, 'a.wav'), join(dir, 'a-moved.wav'));
    expect(await h.checkRecordingFile({ recordingId: 'm1' })).toMatchObject({ state: 'missing', path: join(dir, 'a.wav') });
    expect(await serveMedia(ctx.media, 'm1', null)).toMatchObject({ status: 410 });
    // Another file in b's place: a different size is refused by the media handler too.
    copyFileSync(join(SHARED, 'whatstheweatherlike-mulaw.wav'), join(dir, 'b.wav'));
    expect(await h.checkRecordingFile({ recordingId: 'm2' })).toMatchObject({ state: 'changed' });
    expect(await serveMedia(ctx.media, 'm2', null)).toMatchObject({ status: 409 });
    // Relinking a to its new place works; relinking it to a different recording is refused.
    expect(await dispatch(h, 'relinkRecording', { recordingId: 'm1', path: join(SHARED, 'Auto_Repairs_40_UTC_caller.wav') }, as)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', where: 'path' },
    });
    expect(await h.relinkRecording({ recordingId: 'm1', path: join(dir, 'a-moved.wav') })).toMatchObject({ ok: true });
    expect(await h.checkRecordingFile({ recordingId: 'm1' })).toMatchObject({ state: 'ok', path: join(dir, 'a-moved.wav') });
  });

  it('cancels between files', async () => {
    const { h } = setup();
    const files = Array.from({ length: 30 }, (_, i) => ({ id: `k${i}`, path: join(SHARED, 'Auto_Repairs_40_UTC_agent.wav') }));
    const { jobId } = await h.startRecordingImport({ files, copyToLibrary: false });
    await new Promise((r) => setTimeout(r, 50));
    expect(await h.cancelRecordingImport({ jobId })).toEqual({ cancelled: true });
    let s: RecordingImportStatus;
    do {
      await new Promise((r) => setTimeout(r, 20));
      s = await h.recordingImportStatus({ jobId, since: 0 });
    } while (!s.finished);
    expect(s.cancelled).toBe(true);
    expect(s.done).toBeLessThan(30);
  });

  it('joins the two legs of one call into one stereo recording: agent left, caller right, each side equal to its leg (issue 16, item 7)', async () => {
    const { h, ctx } = setup();
    const dir = mkdtempSync(join(tmpdir(), 'qa-legs-'));
    // The caller leg as MP3 and cut short: legs in different formats decode alike; a length gap is said.
    const caller = pcm16Samples(readFileSync(join(SHARED, 'Auto_Repairs_40_UTC_caller.wav')));
    writeFileSync(join(dir, 'caller-short.wav'), pcm16Wav(caller.subarray(0, 8000 * 200), 8000));
    writeFileSync(join(dir, 'caller.mp3'), await mp3(caller, 8000, 32));
    const s = await runJob(h, [
      { id: 'a1', path: join(SHARED, 'Auto_Repairs_40_UTC_agent.wav') },
      { id: 'c1', path: join(SHARED, 'Auto_Repairs_40_UTC_caller.wav') },
      { id: 'c2', path: join(dir, 'caller-short.wav') },
      { id: 'w1', path: join(SHARED, 'whatstheweatherlike-mulaw.wav') },
      { id: 'c3', path: join(dir, 'caller.mp3') },
    ]);
    const byId = new Map(s.results.map((r) => [r.id, r]));
    const j = await h.joinCallLegs({ agentId: 'a1', callerId: 'c1', joinedId: 'j1' });
    if (!j.ok) throw new Error(j.detail);
    expect(j.warnings).toEqual([]);
    expect(j.recording).toMatchObject({ id: 'j1', channels: 2, format: 'wav-pcm16', sampleRate: 8000, durationSec: 245.38 });
    const [agentLeg, callerLeg] = [byId.get('a1')!, byId.get('c1')!];
    if (!agentLeg.ok || !callerLeg.ok) throw new Error('legs did not import');
    expect(j.recording.channelPeaks![0]).toEqual(agentLeg.peaks);
    expect(j.recording.channelPeaks![1]).toEqual(callerLeg.peaks);
    // It is served like any recording, from the media library.
    expect(await serveMedia(ctx.media, 'j1', 'bytes=0-3')).toMatchObject({ status: 206, headers: { 'content-type': 'audio/wav' } });

    const short = await h.joinCallLegs({ agentId: 'a1', callerId: 'c2', joinedId: 'j2' });
    expect(short).toMatchObject({ ok: true, recording: { durationSec: 245.38 }, warnings: [{ code: 'legs-length-differ', detail: 'Auto_Repairs_40_UTC_agent.wav 245.38 s, caller-short.wav 200.00 s' }] });
    const mp3Joined = await h.joinCallLegs({ agentId: 'a1', callerId: 'c3', joinedId: 'j3' });
    expect(mp3Joined).toMatchObject({ ok: true, recording: { channels: 2, sampleRate: 8000 } });
    // Legs that cannot be one call are refused, naming what is wrong.
    expect(await h.joinCallLegs({ agentId: 'a1', callerId: 'w1', joinedId: 'j4' })).toEqual({
      ok: false, code: 'rate-mismatch', file: null, detail: 'Auto_Repairs_40_UTC_agent.wav is 8000 Hz, whatstheweatherlike-mulaw.wav is 16000 Hz',
    });
    expect(await h.joinCallLegs({ agentId: 'a1', callerId: 'nobody', joinedId: 'j5' })).toMatchObject({ ok: false, code: 'leg-missing', file: 'nobody' });
    renameSync(join(dir, 'caller-short.wav'), join(dir, 'gone.wav'));
    expect(await h.joinCallLegs({ agentId: 'a1', callerId: 'c2', joinedId: 'j6' })).toMatchObject({ ok: false, code: 'leg-missing', file: 'caller-short.wav', detail: 'the file is missing' });
  });
});
