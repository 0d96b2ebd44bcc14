// The browser host (dev and test only, never packaged): plays the main process for a plain browser.
// Serves the built renderer with the app's CSP, streams media, and gives the page a window.qa whose every
// method runs the SAME service handlers Electron main registers, validated by the same schemas.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFile, mkdtemp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { methods } from '@contract';
import { createHandlers, createServiceContext, dispatch } from '../../src-main/services';
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
}

export interface RunningHost {
  url: string;
  dataDir: string;
  server: Server;
  close(): Promise<void>;
}

function bridgeScript(token: string): string {
  // One named function per contract method, each a POST to this host guarded by the per-run token.
  const fns = methods
    .map((m) => `${JSON.stringify(m)}: (input) => call(${JSON.stringify(m)}, input)`)
    .join(',\n  ');
  return `(() => {
  const call = (method, input) => fetch('/__qa/call/' + method, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-qa-token': ${JSON.stringify(token)} },
    body: JSON.stringify(input ?? {}),
  }).then((r) => r.json());
  window.qa = Object.freeze({
  ${fns}
  });
})();`;
}

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

export async function startHost(opts: HostOptions = {}): Promise<RunningHost> {
  const rendererDir = resolve(opts.rendererDir ?? join(__dirname, '../../out/renderer'));
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'qa-web-')));
  await mkdir(dataDir, { recursive: true });
  const token = randomBytes(24).toString('hex');
  const chooserQueue: string[][] = [];
  const saveQueue: string[] = [];
  // Desktop notifications the page asked for, in order: the web E2E reads them back (the Electron Notification's stand-in).
  const notifications: { title: string; body: string; tag: string; at: string }[] = [];
  const ctx = createServiceContext(
    {
      version: '0.1.0',
      host: 'web',
      platform: process.platform,
      osLocale: opts.osLocale ?? process.env.QA_OS_LOCALE ?? Intl.DateTimeFormat().resolvedOptions().locale,
      dataDir,
      backupDir: join(dataDir, 'backups'),
      packaged: false,
    },
    (id) => `/media/${id}`,
    {
      audioWorker: join(__dirname, '../../src-main/services/audio/analyseWorker.ts'),
      // Native dialogs do not exist here: the test (or a person, with curl) queues the next answers.
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
    },
  );
  const handlers = createHandlers(ctx);
  const headers = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/__qa/test/')) {
        // Test controls: queue the next dialog answers, read the notifications shown. Guarded by the run's token.
        if (req.headers['x-qa-token'] !== token) {
          res.writeHead(403).end();
          return;
        }
        const what = url.pathname.slice('/__qa/test/'.length);
        if (req.method === 'POST' && what === 'choose') chooserQueue.push(((await body(req)) as { paths: string[] }).paths);
        else if (req.method === 'POST' && what === 'save') saveQueue.push(((await body(req)) as { path: string }).path);
        else if (req.method === 'GET' && what === 'notifications') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(notifications));
          return;
        } else {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(204).end();
        return;
      }
      if (req.method === 'POST' && url.pathname.startsWith('/__qa/call/')) {
        if (req.headers['x-qa-token'] !== token) {
          res.writeHead(403).end();
          return;
        }
        const result = await dispatch(handlers, url.pathname.slice('/__qa/call/'.length), await body(req).catch(() => null));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      if (url.pathname === '/__qa/bridge.js') {
        res.writeHead(200, { ...headers, 'content-type': TYPES['.js']! }).end(bridgeScript(token));
        return;
      }
      if (url.pathname.startsWith('/media/')) {
        const r = await serveMedia(ctx.media, url.pathname.slice('/media/'.length), (req.headers.range as string) ?? null);
        res.writeHead(r.status, r.headers);
        if (r.body === null || req.method === 'HEAD') res.end();
        else if (typeof r.body === 'string') res.end(r.body);
        else r.body.pipe(res);
        return;
      }
      const rel = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname);
      const file = normalize(join(rendererDir, rel));
      if (!file.startsWith(rendererDir + sep)) {
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
      res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(content);
    } catch (err) {
      console.error('[host]', err);
      if (!res.headersSent) res.writeHead(500).end('host error');
    }
  });
  await new Promise<void>((ok) => server.listen(opts.port ?? 0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    dataDir,
    server,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(__filename);
if (isMain) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const dataDir = arg('data') ?? join(process.env.HOME ?? tmpdir(), '.qa-console-web');
  startHost({ port: Number(arg('port') ?? 5174), dataDir }).then((h) => {
    console.log(`QA Console (browser host) is running at ${h.url}`);
    console.log(`Data folder: ${h.dataDir}. Press Ctrl+C to stop.`);
  });
}
