import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHandlers, createServiceContext, dispatch } from '../../src-main/services';
import { hashPassword, verifyPassword } from '../../src-main/services/passwords';
import { MediaRegistry, serveMedia } from '../../src-main/services/media';

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
    const { h } = handlers();
    expect(await dispatch(h, 'hashPassword', { password: 'short' })).toMatchObject({ ok: false, error: { code: 'invalid-input', where: 'password' } });
    expect(await dispatch(h, 'hashPassword', { password: 'long enough', extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await dispatch(h, 'readBackup', { name: '../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid-input', where: 'name' } });
    expect(await dispatch(h, 'noSuchMethod', {})).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await dispatch(h, 'mediaUrl', { recordingId: 'unknown' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await dispatch(h, 'appInfo', {})).toMatchObject({ ok: true, value: { osLocale: 'zh-CN' } });
  });
});

describe('passwords', () => {
  it('scrypt with a per-user salt: same password, different hashes; verifies only the right one', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(a.hash).toMatch(/^[0-9a-f]{128}$/);
    expect(await verifyPassword('correct horse', a.hash, a.salt)).toBe(true);
    expect(await verifyPassword('correct horsf', a.hash, a.salt)).toBe(false);
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
});
