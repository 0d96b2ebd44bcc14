// The browser host is a development and test tool; these prove another page (or a rebinding DNS name) cannot use it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostAllowed, MAX_BODY, startHost, type RunningHost } from '../../host/server';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(host: RunningHost, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Answer> {
  const url = new URL(host.url);
  return new Promise((ok, bad) => {
    const req = request({ host: '127.0.0.1', port: Number(url.port), path, method: opts.method ?? 'GET', headers: { host: `127.0.0.1:${url.port}`, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'EPIPE' || (e as NodeJS.ErrnoException).code === 'ECONNRESET' ? ok({ status: 413, headers: {}, body: '' }) : bad(e)));
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

describe('browser host', () => {
  let host: RunningHost;
  let cookie = '';
  const testToken = 'test-token-123';

  beforeAll(async () => {
    const renderer = mkdtempSync(join(tmpdir(), 'qa-host-r-'));
    mkdirSync(join(renderer, 'assets'));
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><script type="module" src="/assets/a.js"></script>');
    writeFileSync(join(renderer, 'assets', 'a.js'), '1');
    host = await startHost({ rendererDir: renderer, testToken });
    const page = await send(host, '/');
    cookie = String(page.headers['set-cookie']).split(';')[0]!;
  });
  afterAll(async () => host.close());

  const call = (method: string, body: unknown, headers: Record<string, string> = {}) =>
    send(host, `/__qa/call/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-qa-bridge': '1', ...headers }, body: JSON.stringify(body) });

  it('index.html sets an HttpOnly, SameSite=Strict cookie; the bridge script any page can load holds no secret', async () => {
    const page = await send(host, '/');
    expect(String(page.headers['set-cookie'])).toMatch(/^qa_host=[0-9a-f]{48}; HttpOnly; SameSite=Strict; Path=\//);
    expect(page.body).toContain('/__qa/bridge.js');
    const bridge = await send(host, '/__qa/bridge.js');
    expect(bridge.body).not.toContain(cookie.split('=')[1]);
    expect(bridge.body).not.toMatch(/[0-9a-f]{48}/);
    // A returning page keeps its profile: no new cookie.
    expect((await send(host, '/', { headers: { cookie } })).headers['set-cookie']).toBeUndefined();
  });

  it('calls need the cookie and the bridge header; a Host other than its own is refused; another origin is refused', async () => {
    expect(JSON.parse((await call('appInfo', {})).body)).toMatchObject({ ok: true, value: { host: 'web' } });
    expect((await call('appInfo', {}, { cookie: '' })).status).toBe(403);
    expect((await call('appInfo', {}, { 'x-qa-bridge': '' })).status).toBe(403);
    expect((await call('appInfo', {}, { host: 'evil.example:80' })).status).toBe(421);
    expect((await call('appInfo', {}, { origin: 'http://127.0.0.1:1' })).status).toBe(403);
    expect((await call('appInfo', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await send(host, '/', { headers: { host: 'rebind.example' } })).status).toBe(421);
    expect(hostAllowed('127.0.0.1:80', 80)).toBe(true);
    expect(hostAllowed('127.0.0.1:81', 80)).toBe(false);
    expect(hostAllowed(undefined, 80)).toBe(false);
  });

  it('media needs the cookie; a malformed escape is a 400, not a 500; bodies have a cap', async () => {
    expect((await send(host, '/media/rec-1')).status).toBe(403);
    expect((await send(host, '/media/rec-1', { headers: { cookie } })).status).toBe(404);
    expect((await send(host, '/%E0%A4%A')).status).toBe(400);
    expect((await send(host, '/assets/%zz')).status).toBe(400);
    const big = await call('notify', { title: 'x', body: 'y'.repeat(MAX_BODY + 10), tag: 't' });
    expect(big.status).toBe(413);
    expect((await call('appInfo', {}, {})).status).toBe(200);
    const notJson = await send(host, '/__qa/call/appInfo', { method: 'POST', headers: { cookie, 'x-qa-bridge': '1' }, body: '{not json' });
    expect(notJson.status).toBe(400);
  });

  it('the test controls exist only with the token the test suite started the host with', async () => {
    expect((await send(host, '/__qa/test/notifications', { headers: { cookie } })).status).toBe(404);
    expect((await send(host, '/__qa/test/notifications', { headers: { cookie, 'x-qa-test-token': 'guess' } })).status).toBe(404);
    const ok = await send(host, '/__qa/test/notifications', { headers: { cookie, 'x-qa-test-token': testToken } });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual([]);
    const plain = await startHost({ rendererDir: mkdtempSync(join(tmpdir(), 'qa-host-p-')) });
    try {
      expect((await send(plain, '/__qa/test/choose', { method: 'POST', headers: { 'x-qa-test-token': '' }, body: '{"paths":["/"]}' })).status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('each browser profile is its own installation: a session in one is nothing in another', async () => {
    const other = String((await send(host, '/')).headers['set-cookie']).split(';')[0]!;
    const first = JSON.parse((await call('setPassword', { personId: 'a1', password: 'admin-pass-1', role: 'admin', active: true })).body) as { ok: boolean; session?: string };
    expect(first).toMatchObject({ ok: true, session: expect.any(String) });
    const mine = await call('listBackups', {}, { 'x-qa-session': first.session! });
    expect(JSON.parse(mine.body)).toMatchObject({ ok: true });
    const theirs = await call('listBackups', {}, { cookie: other, 'x-qa-session': first.session! });
    expect(JSON.parse(theirs.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
