// app:// serves the built renderer with the CSP header; qa-media:// streams registered recordings by id.
import { net, protocol } from 'electron';
import { Readable } from 'node:stream';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serveMedia, type MediaRegistry } from '../services/media';
import { CSP } from './security';

export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    { scheme: 'qa-media', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

export function handleProtocols(rendererDir: string, media: MediaRegistry): void {
  protocol.handle('app', async (request) => {
    if (request.method !== 'GET') return new Response('method not allowed', { status: 405 });
    const url = new URL(request.url);
    if (url.host !== 'bundle') return new Response('not found', { status: 404 });
    const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = normalize(join(rendererDir, rel));
    if (!file.startsWith(rendererDir + sep)) return new Response('not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
  protocol.handle('qa-media', async (request) => {
    if (request.method !== 'GET') return new Response('method not allowed', { status: 405 });
    const url = new URL(request.url);
    const id = url.pathname.replace(/^\//, '');
    const r = await serveMedia(media, url.host === 'recording' ? id : '', request.headers.get('range'));
    const body = r.body === null ? null : typeof r.body === 'string' ? r.body : (Readable.toWeb(r.body) as ReadableStream);
    return new Response(body, { status: r.status, headers: r.headers });
  });
}
