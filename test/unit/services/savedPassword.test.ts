// The saved appraisal-database password goes only where it was saved for. A fake server on 127.0.0.1 asks every
// client for its password in clear text (as a hostile server would) and records what it receives.
import { afterAll, describe, expect, it } from 'vitest';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHandlers, createServiceContext, dispatch } from '../../../src-main/services';
import { signedIn } from '../serviceSession';

/** Speaks just enough of the PostgreSQL protocol to be sent a password: AuthenticationCleartextPassword. */
async function passwordCatcher(): Promise<{ port: number; received: () => string; server: Server }> {
  const chunks: Buffer[] = [];
  const server = createServer((sock) => {
    let asked = false;
    sock.on('data', (d) => {
      chunks.push(d);
      if (!asked) {
        asked = true;
        const r = Buffer.alloc(9);
        r.write('R', 0);
        r.writeInt32BE(8, 1);
        r.writeInt32BE(3, 5);
        sock.write(r);
      } else sock.destroy();
    });
    sock.on('error', () => undefined);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { port: (server.address() as AddressInfo).port, received: () => Buffer.concat(chunks).toString('latin1'), server };
}

describe('the saved password', () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  it('is not sent to an edited host, port, database, user or TLS mode; typed again, it is', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'qa-pw-'));
    const ctx = createServiceContext({ version: '0', host: 'web', platform: 'linux', osLocale: 'en', dataDir, backupDir: join(dataDir, 'b'), packaged: false }, (id) => id);
    const h = createHandlers(ctx);
    const sup = signedIn(ctx, 'supervisor');
    const home = await passwordCatcher();
    const evil = await passwordCatcher();
    servers.push(home.server, evil.server);
    const saved = { host: '127.0.0.1', port: home.port, database: 'appraisal', user: 'qa_console', tls: 'disable' as const };
    expect(await dispatch(h, 'saveSyncSettings', { connection: saved, password: 'the-saved-secret' }, sup)).toMatchObject({ ok: true, value: { hasPassword: true } });

    // The catcher does get the saved password when the saved connection is used: it would catch a leak.
    await dispatch(h, 'testSyncConnection', {}, sup);
    expect(home.received()).toContain('the-saved-secret');

    for (const edit of [{ port: evil.port }, { host: 'localhost', port: evil.port }, { database: 'other' }, { user: 'postgres' }, { tls: 'require' as const }]) {
      const connection = { ...saved, ...edit };
      const test = await dispatch(h, 'testSyncConnection', { connection }, sup);
      expect(test, JSON.stringify(edit)).toMatchObject({ ok: false, error: { code: 'invalid-input', where: 'password', message: expect.stringContaining('type the password again'), key: 'settings.dbPasswordAgain' } });
      // Saving the edited connection without a password is refused too, and the saved one stays as it was.
      const before = readFileSync(join(dataDir, 'appraisal-db.json'), 'utf8');
      expect(await dispatch(h, 'saveSyncSettings', { connection }, sup)).toMatchObject({ ok: false, error: { where: 'password' } });
      expect(readFileSync(join(dataDir, 'appraisal-db.json'), 'utf8')).toBe(before);
    }
    expect(evil.received()).toBe('');

    // Typed again for the new server, it goes there (and only that typed one).
    await dispatch(h, 'testSyncConnection', { connection: { ...saved, port: evil.port }, password: 'typed-for-evil' }, sup);
    expect(evil.received()).toContain('typed-for-evil');
    expect(evil.received()).not.toContain('the-saved-secret');
    // Forgetting the password and saving a new connection is fine.
    expect(await dispatch(h, 'saveSyncSettings', { connection: { ...saved, port: evil.port }, password: null }, sup)).toMatchObject({ ok: true, value: { hasPassword: false } });
  });
});
