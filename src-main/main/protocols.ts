// app:// serves the built renderer with the CSP header; qa-media:// streams registered recordings by id.
// The handlers are plain (Request) => Response functions, so they are tested in Node without Electron.
import { Readable } from 'node:stream';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serveMedia, type MediaRegistry } from '../services/media';
import { APP_HOST, APP_SCHEME, CSP } from './security';

export const MEDIA_SCHEME = 'qa-media';

export interface SchemeRegistrar {
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]): void;
}
export interface ProtocolHandlerHost {
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

export function registerSchemes(protocol: SchemeRegistrar): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

const text = (status: number, body: string) => new Response(body, { status, headers: { 'content-type': 'text/plain' } });

/** The URL of a GET request, or the answer refusing it (another method, an unreadable URL). */
function getUrl(request: Request): URL | Response {
  if (request.method !== 'GET') return text(405, 'method not allowed');
  try {
    return new URL(request.url);
  } catch {
    return text(400, 'bad request');
  }
}

/** Serves files of the built renderer: GET only, our host only, nothing outside the folder. */
export function appHandler(rendererDir: string, fetchFile: (fileUrl: string) => Promise<Response>) {
  const root = normalize(rendererDir);
  return async (request: Request): Promise<Response> => {
    const url = getUrl(request);
    if (url instanceof Response) return url;
    if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST || url.port) return text(404, 'not found');
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    } catch {
      return text(400, 'bad request');
    }
    if (rel.includes('\0')) return text(400, 'bad request');
    const file = normalize(join(root, rel));
    if (!file.startsWith(root + sep)) return text(404, 'not found');
    const res = await fetchFile(pathToFileURL(file).toString()).catch(() => null);
    if (!res) return text(404, 'not found');
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  };
}

/** Streams a registered recording by its opaque id (qa-media://recording/<id>), with Range support. */
export function mediaHandler(media: MediaRegistry) {
  return async (request: Request): Promise<Response> => {
    const url = getUrl(request);
    if (url instanceof Response) return url;
    if (url.protocol !== `${MEDIA_SCHEME}:` || url.hostname !== 'recording') return text(404, 'unknown recording');
    const r = await serveMedia(media, url.pathname.replace(/^\//, ''), request.headers.get('range'));
    const body = r.body === null ? null : typeof r.body === 'string' ? r.body : (Readable.toWeb(r.body) as ReadableStream);
    return new Response(body, { status: r.status, headers: r.headers });
  };
}

export function handleProtocols(protocol: ProtocolHandlerHost, fetchFile: (fileUrl: string) => Promise<Response>, rendererDir: string, media: MediaRegistry): void {
  protocol.handle(APP_SCHEME, appHandler(rendererDir, fetchFile));
  protocol.handle(MEDIA_SCHEME, mediaHandler(media));
}
