// Backup export and restore off the UI thread: a full workspace is tens of MB of JSON, which would freeze
// the window for many seconds. The worker opens the same IndexedDB database through its own Dexie connection.
import { QaDatabase } from '../db/database';
import { BackupDamaged, makeBackup, restoreBackup } from '../db/backup';

export type BackupJob =
  | { kind: 'export'; dbName: string; appVersion: string; now: number }
  | { kind: 'import'; dbName: string; content: string };

export type BackupReply =
  | { type: 'progress'; done: number; total: number }
  | { type: 'exported'; content: string }
  | { type: 'imported' }
  | { type: 'error'; damaged: boolean; message: string };

const post = (m: BackupReply) => postMessage(m);

self.onmessage = async (e: MessageEvent<BackupJob>) => {
  const job = e.data;
  const db = new QaDatabase(job.dbName);
  const progress = (done: number, total: number) => post({ type: 'progress', done, total });
  try {
    if (job.kind === 'export') post({ type: 'exported', content: await makeBackup(db, job.appVersion, new Date(job.now), progress) });
    else {
      await restoreBackup(db, job.content, progress);
      post({ type: 'imported' });
    }
  } catch (err) {
    post({ type: 'error', damaged: err instanceof BackupDamaged, message: err instanceof BackupDamaged ? err.reason : err instanceof Error ? err.message : String(err) });
  } finally {
    db.close();
  }
};
