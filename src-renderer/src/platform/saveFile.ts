// Save-as for exports: main's dialog writes the bytes through the contract; where there is no dialog (the browser
// host with no answer queued) the browser's own download takes over, so an export always lands somewhere.
import { qa } from './qa';

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export type SaveOutcome = { saved: 'file'; path: string } | { saved: 'download'; name: string } | { saved: 'cancelled' };

const FILTERS: Record<string, { name: string; extensions: string[] }> = {
  csv: { name: 'CSV', extensions: ['csv'] },
  xlsx: { name: 'Excel', extensions: ['xlsx'] },
};

export async function saveBytes(name: string, bytes: Uint8Array): Promise<SaveOutcome> {
  const ext = name.split('.').pop() ?? '';
  const r = await qa('saveFile', { defaultName: name, contentBase64: base64(bytes), filters: FILTERS[ext] ? [FILTERS[ext]] : [] });
  if (r.path) return { saved: 'file', path: r.path };
  if (!r.unavailable) return { saved: 'cancelled' };
  downloadFile(name, bytes);
  return { saved: 'download', name };
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
