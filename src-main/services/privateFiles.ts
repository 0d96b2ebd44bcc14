// Files only the OS user may read: keys, the account directory, backups. Written whole (temp file, then rename)
// with mode 0600 in a folder with mode 0700, so a crash never leaves half a file under the real name.
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Makes the folder (0700) if needed and tightens it when we made it earlier with looser bits. */
export async function privateFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Windows has no POSIX modes; there the user's profile folder already keeps others out.
  if (process.platform !== 'win32') await chmod(dir, 0o700).catch(() => undefined);
}

export async function writePrivateFile(path: string, content: string | Uint8Array): Promise<void> {
  await privateFolder(dirname(path));
  // A name of its own per write, so two writers never rename each other's half-written file.
  const part = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.part`;
  await writeFile(part, content, { mode: 0o600 });
  await rename(part, path);
}
