import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHandlers, createServiceContext, dispatch } from '../../../src-main/services';
import { hashPassword, LEGACY_PARAMS, PARAMS, verifyPassword } from '../../../src-main/services/passwords';
import { signedIn } from '../serviceSession';
import { fileSha256, MediaRegistry, serveMedia } from '../../../src-main/services/media';

function handlers() {
  const dataDir = mkdtempSync(join(tmpdir(), 'qa-svc-'));
  const ctx = createServiceContext(
    { version: '0', host: 'web', platform: 'linux', osLocale: 'zh-CN', dataDir, backupDir: join(dataDir, 'b'), packaged: false },
    (id) => `/media/${id}`,
  );
  return { ctx, h: createHandlers(ctx) };
}

describe('contract dispatch', () => {
  it('rejects a bad payload with a typed error naming the field, never a crash', async () => {
    const { h, ctx } = handlers();
    const admin = signedIn(ctx, 'admin');
    const account = { personId: 'p1', role: 'admin', active: true };
    expect(await dispatch(h, 'setPassword', { ...account, password: 'short' })).toMatchObject({ ok: false, error: { code: 'invalid-input', where: 'password' } });
    expect(await dispatch(h, 'setPassword', { ...account, password: 'long enough', extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await dispatch(h, 'readBackup', { name: '../../etc/passwd' }, admin)).toMatchObject({ ok: false, error: { code: 'invalid-input', where: 'name' } });
    expect(await dispatch(h, 'noSuchMethod', {})).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await dispatch(h, 'mediaUrl', { recordingId: 'unknown' }, admin)).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await dispatch(h, 'appInfo', {})).toMatchObject({ ok: true, value: { osLocale: 'zh-CN' } });
  });
});

describe('save-as and notifications', () => {
  it('writes the bytes where the save dialog says; refuses a path as the file name; reports a write failure with the path', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'qa-svc-'));
    const answers: (string | null)[] = [join(dataDir, 'out.csv'), null, join(dataDir, 'no-such-dir', 'x.csv')];
    const shown: string[] = [];
    const ctx = createServiceContext(
      { version: '0', host: 'web', platform: 'linux', osLocale: 'en', dataDir, backupDir: join(dataDir, 'b'), packaged: false },
      (id) => `/media/${id}`,
      {
        chooseSavePath: async () => {
          const path = answers.shift() ?? null;
          return { path, canceled: !path, unavailable: false };
        },
        notify: async (n) => (shown.push(`${n.title}|${n.body}`), true),
      },
    );
    const h = createHandlers(ctx);
    const as = signedIn(ctx, 'staff');
    const content = Buffer.from('a,b\n1,2\n').toString('base64');
    const filters = [{ name: 'CSV', extensions: ['csv'] }];
    expect(await dispatch(h, 'saveFile', { defaultName: 'x.csv', contentBase64: content, filters }, as)).toMatchObject({ ok: true, value: { path: join(dataDir, 'out.csv'), bytes: 8 } });
    expect(readFileSync(join(dataDir, 'out.csv'), 'utf8')).toBe('a,b\n1,2\n');
    expect(await dispatch(h, 'saveFile', { defaultName: 'x.csv', contentBase64: content, filters }, as)).toMatchObject({ ok: true, value: { path: null, canceled: true } });
    expect(await dispatch(h, 'saveFile', { defaultName: 'x.csv', contentBase64: content, filters }, as)).toMatchObject({ ok: false, error: { code: 'io', where: join(dataDir, 'no-such-dir', 'x.csv') } });
    expect(await dispatch(h, 'saveFile', { defaultName: '../x.csv', contentBase64: content, filters }, as)).toMatchObject({ ok: false, error: { code: 'invalid-input', where: 'defaultName' } });
    expect(await dispatch(h, 'notify', { title: 'Overdue', body: 'Reply template', tag: 'a1' }, as)).toEqual({ ok: true, value: { shown: true } });
    expect(shown).toEqual(['Overdue|Reply template']);
    expect(await dispatch(h, 'notify', { title: '', body: '', tag: 'a1' }, as)).toMatchObject({ ok: false, error: { where: 'title' } });
    // Without a platform notifier (or dialog) the calls say so rather than fail.
    const bare = handlers();
    expect(await dispatch(bare.h, 'notify', { title: 't', body: '', tag: 'x' }, signedIn(bare.ctx))).toEqual({ ok: true, value: { shown: false } });
    expect(await dispatch(bare.h, 'saveFile', { defaultName: 'x.csv', contentBase64: content, filters }, signedIn(bare.ctx))).toMatchObject({ ok: true, value: { unavailable: true, path: null } });
  });
});

describe('PDF of the view', () => {
  it('prints with the snapshot, saves where the dialog says, hands the PDF back where no dialog exists, and says when nothing can print', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'qa-svc-'));
    const answers: ({ path: string | null; canceled: boolean; unavailable: boolean })[] = [
      { path: join(dataDir, 'sheet.pdf'), canceled: false, unavailable: false },
      { path: null, canceled: true, unavailable: false },
      { path: null, canceled: true, unavailable: true },
    ];
    const printed: (string | undefined)[] = [];
    const ctx = createServiceContext(
      { version: '0', host: 'web', platform: 'linux', osLocale: 'en', dataDir, backupDir: join(dataDir, 'b'), packaged: false },
      (id) => `/media/${id}`,
      {
        chooseSavePath: async () => answers.shift()!,
        printToPdf: async (_landscape, snapshot) => (printed.push(snapshot), Buffer.from(`%PDF-1.7 ${snapshot ?? 'window'}`)),
      },
    );
    const h = createHandlers(ctx);
    const as = signedIn(ctx, 'supervisor');
    expect(await dispatch(h, 'printToPdf', { defaultName: 'a.pdf', landscape: false, snapshot: '<p>sheet</p>' }, as)).toMatchObject({ ok: true, value: { path: join(dataDir, 'sheet.pdf') } });
    expect(readFileSync(join(dataDir, 'sheet.pdf'), 'utf8')).toBe('%PDF-1.7 <p>sheet</p>');
    // Cancelled: nothing printed, nothing handed back.
    expect(await dispatch(h, 'printToPdf', { defaultName: 'a.pdf', landscape: false, snapshot: '<p>sheet</p>' }, as)).toEqual({ ok: true, value: { path: null, canceled: true, unavailable: false, bytes: 0 } });
    // No dialog (the browser host with nothing queued): the PDF comes back for the browser to download.
    const back = await dispatch(h, 'printToPdf', { defaultName: 'a.pdf', landscape: true }, as);
    expect(back).toMatchObject({ ok: true, value: { path: null, unavailable: true } });
    expect(back.ok && Buffer.from((back.value as { contentBase64: string }).contentBase64, 'base64').toString()).toBe('%PDF-1.7 window');
    expect(printed).toEqual(['<p>sheet</p>', undefined]);
    expect(await dispatch(h, 'printToPdf', { defaultName: 'a.csv', landscape: false }, as)).toMatchObject({ ok: false, error: { where: 'defaultName' } });
    // Nothing that can print: the renderer opens the browser's print dialog.
    const bare = handlers();
    expect(await dispatch(bare.h, 'printToPdf', { defaultName: 'a.pdf', landscape: false }, signedIn(bare.ctx))).toMatchObject({ ok: true, value: { unavailable: true, path: null, bytes: 0 } });
  });
});

describe('passwords', () => {
  it('scrypt with a per-user salt: same password, different hashes; verifies only the right one', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(a.hash).toMatch(/^[0-9a-f]{128}$/);
    // Today's cost is at least N = 2^17; the parameters travel with the hash.
    expect(a.params.N).toBeGreaterThanOrEqual(2 ** 17);
    expect(a.params).toEqual(PARAMS);
    expect(await verifyPassword('correct horse', a.hash, a.salt, a.params)).toBe(true);
    expect(await verifyPassword('correct horsf', a.hash, a.salt, a.params)).toBe(false);
    // A hash made at the old cost still verifies with its own parameters (and not with today's).
    const old = await hashPassword('correct horse', LEGACY_PARAMS);
    expect(await verifyPassword('correct horse', old.hash, old.salt, old.params)).toBe(true);
    expect(await verifyPassword('correct horse', old.hash, old.salt, PARAMS)).toBe(false);
  });
});

describe('media', () => {
  it('serves only registered ids and answers Range with 206', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qa-media-'));
    const file = join(dir, 'a.wav');
    writeFileSync(file, Buffer.from('0123456789'));
    const reg = new MediaRegistry(join(dir, 'reg.json'));
    await reg.register('rec-1', { path: file, bytes: 10 });
    const r = await serveMedia(reg, 'rec-1', 'bytes=2-5');
    expect(r.status).toBe(206);
    expect(r.headers['content-range']).toBe('bytes 2-5/10');
    const chunks: Buffer[] = [];
    for await (const c of r.body as AsyncIterable<Buffer>) chunks.push(c);
    expect(Buffer.concat(chunks).toString()).toBe('2345');
    expect((await serveMedia(reg, 'rec-1', 'bytes=-3')).headers['content-range']).toBe('bytes 7-9/10');
    expect((await serveMedia(reg, 'rec-1', 'bytes=20-30')).status).toBe(416);
    expect((await serveMedia(reg, '../a.wav', null)).status).toBe(404);
    expect((await serveMedia(reg, 'rec-2', null)).status).toBe(404);
    // The registry survives a restart: a new instance reads the file.
    expect(await new MediaRegistry(join(dir, 'reg.json')).lookup('rec-1')).toEqual({ path: file, bytes: 10 });
  });

  it('serves a file only while it is the one imported: same size and time, or the same content hash after either moved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qa-media-id-'));
    const file = join(dir, 'b.wav');
    writeFileSync(file, Buffer.from('0123456789'));
    const st = statSync(file);
    const reg = new MediaRegistry(join(dir, 'reg.json'));
    await reg.register('rec-1', { path: file, bytes: 10, mtimeMs: st.mtimeMs, sha256: await fileSha256(file) });
    expect((await serveMedia(reg, 'rec-1', null)).status).toBe(200);
    // Same size, other content, a new time: refused (size alone would have let it play).
    writeFileSync(file, Buffer.from('9876543210'));
    utimesSync(file, new Date(st.mtimeMs + 5000), new Date(st.mtimeMs + 5000));
    expect((await serveMedia(reg, 'rec-1', null)).status).toBe(409);
    // The original content back under a new time (copied, touched): served, and the new time remembered.
    writeFileSync(file, Buffer.from('0123456789'));
    utimesSync(file, new Date(st.mtimeMs + 9000), new Date(st.mtimeMs + 9000));
    expect((await serveMedia(reg, 'rec-1', 'bytes=0-1')).status).toBe(206);
    expect((await reg.lookup('rec-1'))!.mtimeMs).toBe(statSync(file).mtimeMs);
    // The registry itself is readable by this user only.
    if (process.platform !== 'win32') expect(statSync(join(dir, 'reg.json')).mode & 0o777).toBe(0o600);
  });
});

describe('private files', () => {
  it('backups and keys are written 0600 in 0700 folders', async () => {
    if (process.platform === 'win32') return;
    const dataDir = mkdtempSync(join(tmpdir(), 'qa-private-'));
    const ctx = createServiceContext({ version: '0', host: 'web', platform: 'linux', osLocale: 'en', dataDir, backupDir: join(dataDir, 'backups'), packaged: false }, (id) => id);
    const h = createHandlers(ctx);
    const admin = signedIn(ctx, 'admin');
    const b = await dispatch(h, 'writeBackup', { content: '{"a":1}', kind: 'manual', keep: 2 }, admin);
    expect(b).toMatchObject({ ok: true });
    const name = (b as { value: { name: string } }).value.name;
    expect(statSync(join(dataDir, 'backups', name)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'backups')).mode & 0o777).toBe(0o700);
    await ctx.signer.sign(['a'.repeat(64)]);
    expect(statSync(join(dataDir, 'signing-key.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
  });
});
