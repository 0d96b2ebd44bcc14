// Recordings across team workstations through the contract (issue 19, item 1), against a real team server: the
// supervisor's workstation imports a call from the department's recording share (mounted at one path there); the
// team lead's workstation, whose mount of the same share is at another path, plays it after the server says the
// lead may see it and the file's size and SHA-256 match; the staff member whose call it is plays it; a staff member
// of another team is refused by the server; a file on the share changed since the import is refused, never played.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { MediaRegistry, serveMedia } from '../../../src-main/services/media';
import { storeAudio, type Query } from '../../../src-main/services/teamAudio';
import type { TeamServerConnection } from '../../../src-main/services/teamSync';
import { TeamSession } from '../../../src-main/services/teamSync';
import { startTeamServer, type TeamServer } from '../../pg/team';
import { personRecord, seedDepartment, TEAM_PW, uuid, type Department } from '../../pg/teamConsoles';
import { workstation, type Workstation } from '../../pg/teamWorkstation';
import { pcm16Wav, synthSpeech } from '../../fixtures/audioFiles';

let server: TeamServer;
let conn: TeamServerConnection;
const T1 = uuid(1), T2 = uuid(2);
const SUP = uuid(10), LEAD = uuid(11), LEAD2 = uuid(12), P1 = uuid(21), P2 = uuid(22);
const REC = uuid(500);
const root = mkdtempSync(join(tmpdir(), 'qa-share-'));
const share = join(root, 'share');
const mountA = share;
const mountB = join(root, 'mounted-elsewhere');
const workstations: Workstation[] = [];

beforeAll(async () => {
  server = await startTeamServer();
  conn = { ...server.config, tls: 'disable' };
  await seedDepartment(conn, server.admin.password, {
    teams: [
      { id: T1, name: 'Team 1', leadId: LEAD },
      { id: T2, name: 'Team 2', leadId: LEAD2 },
    ],
    people: [
      personRecord(SUP, 'supervisor', 'S010', null),
      personRecord(LEAD, 'lead', 'L011', null),
      personRecord(LEAD2, 'lead', 'L012', null),
      personRecord(P1, 'staff', 'P021', T1),
      personRecord(P2, 'staff', 'P022', T2),
    ] as Department['people'],
  });
  mkdirSync(join(share, '2026', '11'), { recursive: true });
  writeFileSync(join(share, '2026', '11', 'call 0001.wav'), pcm16Wav(synthSpeech(3, 8000, 7), 8000));
  // The same share seen from another workstation at another place (a mapped drive letter, another mount point).
  symlinkSync(share, mountB);
}, 180_000);

afterAll(async () => {
  for (const w of workstations) {
    await w.call('signOut');
    await w.ctx.audio.close();
  }
  await server?.destroy();
});

async function signedIn(employeeNo: string, mount: string | null): Promise<Workstation> {
  const w = workstation();
  workstations.push(w);
  expect(await w.call('teamJoin', { connection: conn })).toMatchObject({ ok: true });
  expect(await w.call('teamSignIn', { employeeNo, password: TEAM_PW })).toMatchObject({ ok: true });
  if (mount) expect(await w.call('teamRecordingShare', { path: mount })).toMatchObject({ ok: true, value: { recordingShare: mount } });
  return w;
}

type ImportResult = { ok: boolean; sha256: string; bytes: number; sharePath?: string | null; durationSec: number };

/** One file imported through the contract, as the import panel runs it: started, then polled until finished (bounded). */
async function importOne(w: Workstation, id: string, path: string): Promise<ImportResult> {
  const started = (await w.call('startRecordingImport', { files: [{ id, path }], copyToLibrary: false })) as { ok: true; value: { jobId: string } };
  let status: { finished: boolean; results: ImportResult[] } = { finished: false, results: [] };
  for (let i = 0; i < 600 && !status.finished; i++) {
    await new Promise((r) => setTimeout(r, 50));
    status = ((await w.call('recordingImportStatus', { jobId: started.value.jobId, since: 0 })) as { value: typeof status }).value;
  }
  expect(status.finished).toBe(true);
  return status.results[0]!;
}

async function bytesOf(w: Workstation, id: string): Promise<Buffer> {
  const r = await serveMedia(w.ctx.media, id, null);
  expect(r.status).toBe(200);
  const chunks: Buffer[] = [];
  for await (const c of r.body as Readable) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('recordings across team workstations', () => {
  it('imported from the share on one workstation, played on another through its own mount; refused by the server for someone else’s call', async () => {
    const a = await signedIn('S010', mountA);
    // Bad input first: a share that is not a folder here is refused by name.
    expect(await a.call('teamRecordingShare', { path: join(root, 'nowhere') })).toMatchObject({ ok: false, error: { code: 'invalid-input', where: 'path', key: 'team.errors.shareNotFolder' } });
    expect(await a.call('teamConfig')).toMatchObject({ ok: true, value: { recordingShare: mountA } });

    // The supervisor imports the file from the share: the result says where it is inside the share.
    const file = join(mountA, '2026', '11', 'call 0001.wav');
    expect(await a.call('scanMediaPaths', { paths: [join(mountA, '2026')], typed: true })).toMatchObject({ ok: true });
    const result = await importOne(a, REC, file);
    expect(result).toMatchObject({ ok: true, sharePath: '2026/11/call 0001.wav' });

    // The record as the console writes it (what db/recordings makes of the result), through the write path.
    const at = '2026-11-02T09:00:00.000Z';
    const record = { id: REC, createdAt: at, updatedAt: at, rev: 1, createdBy: SUP, deletedAt: null, agentId: P1, teamId: T1, ticketId: null, startedAt: at, durationSec: result.durationSec, direction: 'inbound', customerNumber: '', queue: '', fileName: 'call 0001.wav', path: file, sharePath: result.sharePath, contentHash: result.sha256, bytes: result.bytes, format: 'wav-pcm16' };
    expect(await a.call('teamWrite', { id: 'rec-1', ops: [{ table: 'recordings', kind: 'create', id: REC, baseRev: null, record }] })).toMatchObject({ ok: true, value: { status: 'applied' } });
    expect(await a.call('mediaUrl', { recordingId: REC })).toEqual({ ok: true, value: { url: `/media/${REC}` } });

    // The team lead at another workstation, the share mounted elsewhere: checked, registered, played byte for byte.
    const b = await signedIn('L011', mountB);
    expect(await b.ctx.media.lookup(REC)).toBeUndefined();
    expect(await b.call('checkRecordingFile', { recordingId: REC })).toMatchObject({ ok: true, value: { state: 'ok', path: join(mountB, '2026', '11', 'call 0001.wav') } });
    expect(await b.call('mediaUrl', { recordingId: REC })).toEqual({ ok: true, value: { url: `/media/${REC}` } });
    expect((await bytesOf(b, REC)).equals(readFileSync(file))).toBe(true);
    const ranged = await serveMedia(b.ctx.media, REC, 'bytes=0-43');
    expect(ranged.status).toBe(206);

    // The staff member whose call it is plays it; another team's staff member and lead are refused by the server.
    const own = await signedIn('P021', mountB);
    expect(await own.call('mediaUrl', { recordingId: REC })).toMatchObject({ ok: true });
    for (const who of ['P022', 'L012']) {
      const other = await signedIn(who, mountB);
      expect(await other.call('mediaUrl', { recordingId: REC })).toMatchObject({ ok: false, error: { code: 'forbidden', key: 'team.errors.notYourRecording' } });
      expect(await other.call('checkRecordingFile', { recordingId: REC })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await other.ctx.media.lookup(REC)).toBeUndefined();
    }
    // No share set on a workstation: it says where to set it.
    const unset = await signedIn('S010', null);
    expect(await unset.call('checkRecordingFile', { recordingId: REC })).toMatchObject({ ok: false, error: { code: 'not-found', key: 'team.errors.noShare' } });
  }, 120_000);

  it('a file on the share changed since the import (same size) is refused, and nothing is registered for it', async () => {
    const admin = await TeamSession.signIn(conn, 'A001', server.admin.password);
    const at = '2026-11-02T09:00:00.000Z';
    const wav = pcm16Wav(synthSpeech(2, 8000, 8), 8000);
    writeFileSync(join(share, 'changed.wav'), wav);
    const { createHash } = await import('node:crypto');
    const record = { id: uuid(501), createdAt: at, updatedAt: at, rev: 1, createdBy: SUP, deletedAt: null, agentId: P1, teamId: T1, ticketId: null, startedAt: at, durationSec: 2, direction: 'inbound', customerNumber: '', queue: '', fileName: 'changed.wav', path: '/elsewhere/changed.wav', sharePath: 'changed.wav', contentHash: createHash('sha256').update(wav).digest('hex'), bytes: wav.length, format: 'wav-pcm16' };
    expect(await admin.write({ id: 'rec-2', ops: [{ table: 'recordings', kind: 'create', id: record.id, baseRev: null, record }] })).toMatchObject({ status: 'applied' });
    await admin.close();
    const tampered = Buffer.from(wav);
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 1) ^ 0xff, tampered.length - 1);
    writeFileSync(join(share, 'changed.wav'), tampered);
    const b = await signedIn('L011', mountB);
    expect(await b.call('checkRecordingFile', { recordingId: record.id })).toMatchObject({ ok: true, value: { state: 'changed', detail: expect.stringMatching(/content differs/) } });
    expect(await b.call('mediaUrl', { recordingId: record.id })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await b.ctx.media.lookup(record.id)).toBeUndefined();
  }, 60_000);

  it('registrations at once (a file check and a play of the same call, in the E2E) never fail on the registry file, and none is lost', async () => {
    const file = join(root, 'registry', 'media-registry.json');
    const reg = new MediaRegistry(file);
    await Promise.all(Array.from({ length: 30 }, (_, i) => reg.register(`r${i}`, { path: `/x/${i}.wav`, bytes: i + 1 })));
    const reread = new MediaRegistry(file);
    for (let i = 0; i < 30; i++) expect(await reread.lookup(`r${i}`)).toMatchObject({ bytes: i + 1 });
  });

  it('without a share: the audio goes to the team server with its import, plays on another workstation from its cache, never for someone else', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'qa-local-'));
    const file = join(elsewhere, 'call 0002.wav');
    // About 2.7 MB: three chunks on the server.
    writeFileSync(file, pcm16Wav(synthSpeech(170, 8000, 9), 8000));
    const a = await signedIn('S010', null);
    expect(await a.call('teamAudioOnServer', { on: true })).toMatchObject({ ok: true, value: { audioOnServer: true } });
    const id = uuid(600);
    expect(await a.call('scanMediaPaths', { paths: [file], typed: true })).toMatchObject({ ok: true });
    const result = await importOne(a, id, file);
    expect(result).toMatchObject({ ok: true });
    expect(result.sharePath ?? null).toBeNull();
    const stored = await server.cluster.query<{ chunks: number; sha256: string; bytes: string }>(`SELECT chunks, sha256, bytes::text AS bytes FROM qa_console.recording_audio WHERE recording_id = $1`, [id], 'qa_team');
    expect(stored).toEqual([{ chunks: 3, sha256: result.sha256, bytes: String(result.bytes) }]);

    const at = '2026-11-02T09:00:00.000Z';
    const record = { id, createdAt: at, updatedAt: at, rev: 1, createdBy: SUP, deletedAt: null, agentId: P1, teamId: T1, ticketId: null, startedAt: at, durationSec: result.durationSec, direction: 'inbound', customerNumber: '', queue: '', fileName: 'call 0002.wav', path: file, sharePath: null, contentHash: result.sha256, bytes: result.bytes, format: 'wav-pcm16' };
    expect(await a.call('teamWrite', { id: 'rec-audio-1', ops: [{ table: 'recordings', kind: 'create', id, baseRev: null, record }] })).toMatchObject({ ok: true, value: { status: 'applied' } });

    // The lead's workstation has no share and nothing registered: the server's copy is fetched, checked, played.
    const b = await signedIn('L011', null);
    expect(await b.call('checkRecordingFile', { recordingId: id })).toMatchObject({ ok: true, value: { state: 'ok' } });
    expect((await bytesOf(b, id)).equals(readFileSync(file))).toBe(true);
    const ranged = await serveMedia(b.ctx.media, id, 'bytes=1048570-1048589');
    expect(ranged).toMatchObject({ status: 206, headers: { 'content-range': `bytes 1048570-1048589/${result.bytes}` } });
    expect(await b.call('mediaUrl', { recordingId: id })).toEqual({ ok: true, value: { url: `/media/${id}` } });
    // The staff member whose call it is plays it; the other team's are refused by the server, at the contract and in SQL.
    const own = await signedIn('P021', null);
    expect(await own.call('mediaUrl', { recordingId: id })).toMatchObject({ ok: true });
    const other = await signedIn('P022', null);
    expect(await other.call('mediaUrl', { recordingId: id })).toMatchObject({ ok: false, error: { code: 'forbidden', key: 'team.errors.notYourRecording' } });
    const p022 = await server.as('qa_u_p022', TEAM_PW);
    expect((await p022.query(`SELECT n FROM qa_console.recording_audio_chunks WHERE recording_id = $1`, [id])).rows).toEqual([]);
    expect((await p022.query(`SELECT 1 FROM qa_console.recording_audio WHERE recording_id = $1`, [id])).rows).toEqual([]);
    // Staff cannot put audio on the server either.
    await expect(p022.query(`INSERT INTO qa_console.recording_audio_chunks (recording_id, n, bytes) VALUES ('x', 0, '\\x00')`)).rejects.toMatchObject({ code: '42501' });
    await p022.end();

    // A chunk changed on the server: a workstation without the file in its cache refuses it and registers nothing.
    await server.cluster.query(`UPDATE qa_console.recording_audio_chunks SET bytes = overlay(bytes placing '\\xff'::bytea from 100) WHERE recording_id = $1 AND n = 1`, [id], 'qa_team');
    const c = await signedIn('L011', null);
    expect(await c.call('checkRecordingFile', { recordingId: id })).toMatchObject({ ok: false, error: { code: 'damaged', key: 'team.errors.audioMismatch' } });
    expect(await c.ctx.media.lookup(id)).toBeUndefined();
    // The workstation that had fetched it before still plays its checked copy.
    expect((await bytesOf(b, id)).equals(readFileSync(file))).toBe(true);
  }, 120_000);

  it('an upload cut off resumes from the chunks the server holds; a changed file or other audio under the same id is refused', async () => {
    const { createHash } = await import('node:crypto');
    const wav = pcm16Wav(synthSpeech(200, 8000, 10), 8000);
    const file = join(mkdtempSync(join(tmpdir(), 'qa-up-')), 'long.wav');
    writeFileSync(file, wav);
    const sha256 = createHash('sha256').update(wav).digest('hex');
    const sup = await TeamSession.signIn(conn, 'S010', TEAM_PW);
    const inserts: number[] = [];
    const q: Query = (sql, params) => {
      if (sql.includes('INSERT INTO qa_console.recording_audio_chunks')) inserts.push(params[1] as number);
      return sup.rows(sql, params);
    };
    const audio = { recordingId: uuid(601), path: file, bytes: wav.length, sha256, mime: 'audio/wav' };
    let sent = 0;
    await expect(storeAudio(q, audio, () => sent++, () => sent >= 2)).rejects.toMatchObject({ code: 'io' });
    expect(inserts).toEqual([0, 1]);
    expect(await storeAudio(q, audio)).toEqual({ already: false, chunks: 4 });
    expect(inserts).toEqual([0, 1, 2, 3]);
    expect(await storeAudio(q, audio)).toEqual({ already: true, chunks: 4 });
    await expect(storeAudio(q, { ...audio, sha256: 'f'.repeat(64) })).rejects.toMatchObject({ code: 'damaged', message: /other audio/ });
    await expect(storeAudio(q, { ...audio, recordingId: uuid(602), sha256: 'e'.repeat(64) })).rejects.toMatchObject({ code: 'damaged', message: /changed after it was imported/ });
    // Nothing was written as a header for the refused one.
    expect(await server.cluster.query(`SELECT 1 FROM qa_console.recording_audio WHERE recording_id = $1`, [uuid(602)], 'qa_team')).toEqual([]);
    await sup.close();
  }, 60_000);
});
