// Recordings on a share every team workstation can reach (a mapped drive, a mount), each workstation saying where
// the share is mounted on it. A recording imported from inside the share keeps its path relative to the share
// (forward slashes) beside its content hash; another workstation asks the team server for the recording's record —
// so the server, through row-level security, decides whose calls a person may play — finds the file under its
// own mount, checks the content is the recording's (size and SHA-256) and registers it for the media protocol.
import { stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import type { RecordingFileCheck } from '@contract';
import { ServiceError } from './errors';
import { isInside, insideFolder } from './grants';
import { fileSha256, type MediaRegistry } from './media';

/** The file's path relative to the share, with forward slashes; null when it is not inside the share. */
export function shareRelative(share: string | null, path: string): string | null {
  if (!share || !isInside(share, path)) return null;
  const rel = relative(resolve(share), resolve(path));
  return rel ? rel.split(sep).join('/') : null;
}

/** What the server's record of a recording says about its file. */
export interface SharedRecording {
  id: string;
  sharePath?: string | null;
  contentHash: string;
  bytes: number;
}

/**
 * Finds a recording's file under this workstation's mount of the share, checks it is the recording (its size and
 * content hash) and registers it; answers as checkRecordingFile does. Nothing is registered unless it matches.
 */
export async function locateOnShare(media: MediaRegistry, share: string | null, rec: SharedRecording): Promise<RecordingFileCheck> {
  if (!rec.sharePath) return { state: 'unknown', path: null, detail: 'the recording was not imported from the recording share' };
  if (!share) throw new ServiceError('not-found', 'Set where the recording share is mounted on this workstation (Settings → Team server)', 'share', 'team.errors.noShare');
  const path = insideFolder(share, rec.sharePath.split('/').join(sep));
  let st;
  try {
    st = await stat(path);
  } catch {
    return { state: 'missing', path };
  }
  if (!st.isFile()) return { state: 'missing', path };
  if (st.size !== rec.bytes) return { state: 'changed', path, detail: `size ${st.size} bytes, imported ${rec.bytes}` };
  const sha256 = await fileSha256(path);
  if (sha256 !== rec.contentHash) return { state: 'changed', path, detail: 'content differs from the imported file' };
  await media.register(rec.id, { path, bytes: st.size, mtimeMs: st.mtimeMs, sha256 });
  return { state: 'ok', path };
}
