// Save-as for exports: main's dialog writes the bytes through the contract; where there is no dialog (the browser
// host with no answer queued) the browser's own download takes over, so an export always lands somewhere.
import { qa } from './qa';

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export type SaveOutcome = { saved: 'file'; path: string } | { saved: 'download'; name: string } | { saved: 'print' } | { saved: 'cancelled' };

const FILTERS: Record<string, { name: string; extensions: string[] }> = {
  csv: { name: 'CSV', extensions: ['csv'] },
  xlsx: { name: 'Excel', extensions: ['xlsx'] },
  json: { name: 'JSON', extensions: ['json'] },
};

export async function saveBytes(name: string, bytes: Uint8Array): Promise<SaveOutcome> {
  const ext = name.split('.').pop() ?? '';
  const r = await qa('saveFile', { defaultName: name, contentBase64: base64(bytes), filters: FILTERS[ext] ? [FILTERS[ext]] : [] });
  if (r.path) return { saved: 'file', path: r.path };
  if (!r.unavailable) return { saved: 'cancelled' };
  downloadFile(name, bytes);
  return { saved: 'download', name };
}

/**
 * The view as HTML for a host that cannot print the window (the browser host): the document with its styles (antd's
 * are <style> elements), without scripts, its links resolved against this page's address.
 */
export function printableSnapshot(doc: Document = document): string {
  const clone = doc.documentElement.cloneNode(true) as HTMLElement;
  clone.querySelectorAll('script, noscript, link[rel="modulepreload"]').forEach((e) => e.remove());
  // The printer opens the snapshot as a page of no origin: a stylesheet fetched "crossorigin" would need CORS headers
  // and is dropped without them (the PDF came out unstyled, print rules and all); a plain link loads.
  clone.querySelectorAll('link[rel="stylesheet"][crossorigin]').forEach((e) => e.removeAttribute('crossorigin'));
  const base = doc.createElement('base');
  base.href = doc.baseURI;
  clone.querySelector('head')?.prepend(base);
  return `<!doctype html>${clone.outerHTML}`;
}

/**
 * The PDF of the current view, saved where the user chooses: Electron prints its window; the browser host prints
 * the snapshot and, with no dialog, hands the PDF to the browser's download; with no printer at all the browser's
 * print dialog opens (its "Save as PDF").
 */
export async function savePdf(name: string, opts: { landscape: boolean; sendSnapshot: boolean }): Promise<SaveOutcome> {
  const r = await qa('printToPdf', { defaultName: name, landscape: opts.landscape, ...(opts.sendSnapshot ? { snapshot: printableSnapshot() } : {}) });
  if (r.path) return { saved: 'file', path: r.path };
  if (r.contentBase64) {
    downloadFile(name, Uint8Array.from(atob(r.contentBase64), (c) => c.charCodeAt(0)), 'application/pdf');
    return { saved: 'download', name };
  }
  if (!r.unavailable) return { saved: 'cancelled' };
  window.print();
  return { saved: 'print' };
}

/** The browser's own download of text or bytes (no dialog; lands in the downloads folder). */
export function downloadFile(fileName: string, content: string | Uint8Array, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([content as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
