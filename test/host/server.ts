// The browser host (dev and test only, never packaged): plays the main process for a plain browser.
// Serves the built renderer with the app's CSP, streams media, and gives the page a window.qa whose every
// method runs the SAME service handlers Electron main registers, validated by the same schemas.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, mkdtemp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { methods } from '@contract';
import { snapshotPrinter } from './pdf';
import { createHandlers, createServiceContext, dispatch, mediaOf, type Handlers } from '../../src-main/services';
import { AudioAnalyserPool } from '../../src-main/services/audio/pool';
import { sessionCarrier } from '../../src-main/preload/session';
import { serveMedia } from '../../src-main/services/media';
import { CSP } from '../../src-main/main/security';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export interface HostOptions {
  port?: number;
  dataDir?: string;
  rendererDir?: string;
  osLocale?: string;
  /**
   * The test controls (/__qa/test/*: queue dialog answers, read notifications) exist only when the test suite
   * starts the host with this token (--test-controls, the token in QA_HOST_TEST_TOKEN).
   */
  testToken?: string;
}

export interface RunningHost {
  url: string;
  dataDir: string;
  server: Server;
  close(): Promise<void>;
}

/** Every call's body must fit in this; the big ones (a whole backup, a file to save) in the larger cap. */
export const MAX_BODY = 64 * 1024 * 1024;
export const MAX_LARGE_BODY = 768 * 1024 * 1024;
const LARGE = new Set(['writeBackup', 'saveFile', 'printToPdf']);
const COOKIE = 'qa_host';

function bridgeScript(): string {
  // One named function per contract method, each a same-origin POST: the host's cookie (HttpOnly, so no script
  // reads it) proves the page came from this host; the custom header makes any cross-origin attempt a CORS
  // preflight, which this host never answers. The session id main hands out is carried like the preload does.
  const fns = methods.map((m) => `${JSON.stringify(m)}: (input) => call(${JSON.stringify(m)}, input)`).join(',\n  ');
  // The carrier is inlined from its source; tsx (esbuild keepNames) may have wrapped it in a __name helper.
  return `(() => {
  const __name = (f) => f;
  let store;
  try { store = window.sessionStorage; } catch { store = undefined; }
  const carrier = (${sessionCarrier.toString()})(store);
  const call = (method, input) => fetch('/__qa/call/' + method, {
    method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-qa-bridge': '1', 'x-qa-session': carrier.current() ?? '' },
    body: JSON.stringify(input ?? {}),
  }).then((r) => r.json()).then((r) => carrier.receive(r));
  window.qa = Object.freeze({
  ${fns}
  });
})();`;
}

class BodyTooLarge extends Error {}

async function body(req: IncomingMessage, cap: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > cap) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > cap) throw new BodyTooLarge();
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

const cookieOf = (req: IncomingMessage, name: string) =>
  (req.headers.cookie ?? '')
    .split(';')
    .map((c) => c.trim().split('='))
    .find(([k]) => k === name)?.[1];

interface Profile {
  handlers: Handlers;
  chooserQueue: string[][];
  saveQueue: string[];
  /** Desktop notifications the page asked for, in order: the web E2E reads them back (the Electron Notification's stand-in). */
  notifications: { title: string; body: string; tag: string; at: string }[];
}

const TOKEN = /^[0-9a-f]{48}$/;

export async function startHost(opts: HostOptions = {}): Promise<RunningHost> {
  const rendererDir = resolve(opts.rendererDir ?? join(__dirname, '../../out/renderer'));
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'qa-web-')));
  await mkdir(dataDir, { recursive: true });
  const audio = new AudioAnalyserPool(join(__dirname, '../../src-main/services/audio/analyseWorker.ts'));
  // Each browser profile is one installation: its own main-side data (accounts, sessions, media, backups) under
  // profiles/<id>, as Electron keeps IndexedDB and main's files together in one user-data folder. The profile's
  // token is an HttpOnly, SameSite=Strict cookie set with index.html: it also proves a call comes from a page
  // this host served, and no script (ours or another page's) can read it.
  const profiles = new Map<string, Profile>();
  const printer = snapshotPrinter(() => origin);
  const profileOf = (token: string): Profile => {
    let p = profiles.get(token);
    if (p) return p;
    const dir = join(dataDir, 'profiles', createHash('sha256').update(token).digest('hex').slice(0, 16));
    const chooserQueue: string[][] = [];
    const saveQueue: string[] = [];
    const notifications: Profile['notifications'] = [];
    const ctx = createServiceContext(
      {
        version: '0.1.0',
        host: 'web',
        platform: process.platform,
        osLocale: opts.osLocale ?? process.env.QA_OS_LOCALE ?? Intl.DateTimeFormat().resolvedOptions().locale,
        dataDir: dir,
        backupDir: join(dir, 'backups'),
        packaged: false,
      },
      (id) => `/media/${id}`,
      {
        audioPool: audio,
        // Native dialogs do not exist here: the test queues the next answers.
        choosePaths: async () => {
          const next = chooserQueue.shift();
          return next ? { paths: next, canceled: next.length === 0, unavailable: false } : { paths: [], canceled: true, unavailable: true };
        },
        chooseSavePath: async () => {
          const next = saveQueue.shift();
          return next === undefined ? { path: null, canceled: true, unavailable: true } : { path: next || null, canceled: !next, unavailable: false };
        },
        notify: async (n) => {
          notifications.push({ ...n, at: new Date().toISOString() });
          return true;
        },
        ...(printer ? { printToPdf: printer.print } : {}),
      },
    );
    p = { handlers: createHandlers(ctx), chooserQueue, saveQueue, notifications };
    profiles.set(token, p);
    return p;
  };
  const headers = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };
  let origin = '';

  const server = createServer(async (req, res) => {
    try {
      // DNS rebinding: a page on evil.example resolved to 127.0.0.1 still says Host: evil.example.
      if (!hostAllowed(req.headers.host, port)) {
        res.writeHead(421, { 'content-type': 'text/plain' }).end('wrong host');
        return;
      }
      // Another page in the browser (another origin, even another port on 127.0.0.1) may not call in.
      if (req.headers.origin !== undefined && req.headers.origin !== origin && req.headers.origin !== origin.replace('127.0.0.1', 'localhost')) {
        res.writeHead(403, { 'content-type': 'text/plain' }).end('cross-origin request refused');
        return;
      }
      let url: URL;
      let path: string;
      try {
        url = new URL(req.url ?? '/', 'http://127.0.0.1');
        path = decodeURIComponent(url.pathname);
      } catch {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request');
        return;
      }
      const cookie = cookieOf(req, COOKIE);
      const profile = cookie && TOKEN.test(cookie) ? profileOf(cookie) : null;
      if (url.pathname.startsWith('/__qa/test/')) {
        // Test controls: queue the next dialog answers, read the notifications shown. Only when the test suite
        // started this host, and only with the token it was given.
        if (!opts.testToken || req.headers['x-qa-test-token'] !== opts.testToken) {
          res.writeHead(404).end();
          return;
        }
        const what = url.pathname.slice('/__qa/test/'.length);
        if (!profile) {
          res.writeHead(409).end('open the page first');
          return;
        }
        if (req.method === 'POST' && what === 'choose') profile.chooserQueue.push(((await body(req, MAX_BODY)) as { paths: string[] }).paths);
        else if (req.method === 'POST' && what === 'save') profile.saveQueue.push(((await body(req, MAX_BODY)) as { path: string }).path);
        else if (req.method === 'GET' && what === 'notifications') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(profile.notifications));
          return;
        } else {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(204).end();
        return;
      }
      if (req.method === 'POST' && url.pathname.startsWith('/__qa/call/')) {
        if (!profile || req.headers['x-qa-bridge'] !== '1') {
          res.writeHead(403).end();
          return;
        }
        const method = url.pathname.slice('/__qa/call/'.length);
        let payload: unknown;
        try {
          payload = await body(req, LARGE.has(method) ? MAX_LARGE_BODY : MAX_BODY);
        } catch (e) {
          res.writeHead(e instanceof BodyTooLarge ? 413 : 400, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: { code: 'invalid-input', message: e instanceof BodyTooLarge ? 'request too large' : 'not JSON' } }));
          return;
        }
        const sessionId = typeof req.headers['x-qa-session'] === 'string' ? req.headers['x-qa-session'] : null;
        const result = await dispatch(profile.handlers, method, payload, { sessionId: sessionId || null, owner: null });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      if (url.pathname === '/__qa/bridge.js') {
        res.writeHead(200, { ...headers, 'content-type': TYPES['.js']! }).end(bridgeScript());
        return;
      }
      if (url.pathname.startsWith('/media/')) {
        if (!profile) {
          res.writeHead(403).end();
          return;
        }
        const r = await serveMedia(mediaOf(profile.handlers), url.pathname.slice('/media/'.length), (req.headers.range as string) ?? null);
        res.writeHead(r.status, r.headers);
        if (r.body === null || req.method === 'HEAD') res.end();
        else if (typeof r.body === 'string') res.end(r.body);
        else r.body.pipe(res);
        return;
      }
      const rel = path === '/' ? '/index.html' : path;
      const file = normalize(join(rendererDir, rel));
      if (rel.includes('\0') || !file.startsWith(rendererDir + sep)) {
        res.writeHead(404).end();
        return;
      }
      let content = await readFile(file).catch(() => null);
      if (!content) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      if (rel === '/index.html') {
        content = Buffer.from(content.toString('utf8').replace('<script', '<script src="/__qa/bridge.js"></script>\n    <script'));
      }
      const fresh = rel === '/index.html' && !profile ? randomBytes(24).toString('hex') : null;
      const page = fresh ? { 'Set-Cookie': `${COOKIE}=${fresh}; HttpOnly; SameSite=Strict; Path=/; Max-Age=31536000` } : {};
      res.writeHead(200, { ...headers, ...page, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(content);
    } catch (err) {
      console.error('[host]', err);
      if (!res.headersSent) res.writeHead(500).end('host error');
    }
  });
  let port = 0;
  await new Promise<void>((ok) => server.listen(opts.port ?? 0, '127.0.0.1', ok));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `http://127.0.0.1:${port}/`,
    dataDir,
    server,
    close: async () => {
      await new Promise<void>((ok) => server.close(() => ok()));
      await audio.close();
      await printer?.close();
    },
  };
}

/** The Host header a request must carry: this host's own address and port (127.0.0.1 or localhost). */
export function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(__filename);
if (isMain) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const dataDir = arg('data') ?? join(process.env.HOME ?? tmpdir(), '.qa-console-web');
  const testToken = process.argv.includes('--test-controls') ? process.env.QA_HOST_TEST_TOKEN : undefined;
  if (process.argv.includes('--test-controls') && !testToken) {
    console.error('--test-controls needs QA_HOST_TEST_TOKEN in the environment');
    process.exit(2);
  }
  startHost({ port: Number(arg('port') ?? 5174), dataDir, testToken }).then((h) => {
    console.log(`QA Console (browser host, for trying the console and for tests) is running at ${h.url}`);
    console.log(`Data folder: ${h.dataDir}. Press Ctrl+C to stop. For real work use the desktop app (npm start).`);
  });
}
