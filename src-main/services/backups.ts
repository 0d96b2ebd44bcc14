// Backups on disk: write with rotation, list newest first, read back by name. The renderer makes and checks the content.
import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupInfo } from '@contract';
import { ServiceError } from './errors';
import { writePrivateFile } from './privateFiles';

const NAME = /^qa-backup-([0-9TZ-]+)-(manual|scheduled|pre-restore)\.json$/;

function stamp(d: Date): string {
  // 2026-11-23T11-37-38-123Z: sortable and safe on every file system.
  return d.toISOString().replace(/[:.]/g, '-');
}

export async function listBackups(dir: string): Promise<BackupInfo[]> {
  await mkdir(dir, { recursive: true });
  const names = (await readdir(dir)).filter((n) => NAME.test(n));
  const infos = await Promise.all(
    names.map(async (name) => {
      const s = await stat(join(dir, name));
      return { name, bytes: s.size, createdAt: s.mtime.toISOString() };
    }),
  );
  return infos.sort((a, b) => b.name.localeCompare(a.name));
}

export async function writeBackup(
  dir: string,
  content: string,
  kind: 'manual' | 'scheduled' | 'pre-restore',
  keep: number,
  now: Date = new Date(),
): Promise<BackupInfo> {
  const name = `qa-backup-${stamp(now)}-${kind}.json`;
  const path = join(dir, name);
  // Write then rename (a crash mid-write never leaves a half file with a valid name), readable by this user only.
  await writePrivateFile(path, content);
  // Rotation: keep the newest `keep` of this kind; manual backups are the user's and are never rotated away.
  if (kind !== 'manual') {
    const same = (await listBackups(dir)).filter((b) => b.name.endsWith(`-${kind}.json`));
    for (const old of same.slice(keep)) await unlink(join(dir, old.name));
  }
  const s = await stat(path);
  return { name, bytes: s.size, createdAt: now.toISOString() };
}

export async function readBackup(dir: string, name: string): Promise<{ name: string; content: string }> {
  if (!NAME.test(name)) throw new ServiceError('invalid-input', `"${name}" is not a backup file name`, name);
  try {
    return { name, content: await readFile(join(dir, name), 'utf8') };
  } catch {
    throw new ServiceError('not-found', `Backup file "${name}" was not found in the backup folder`, name);
  }
}
