// Runs one backup job in a fresh worker and resolves with its result; progress is reported as it comes.
import { BackupDamaged, type BackupProgress } from '../db/backup';
import type { BackupJob, BackupReply } from './backup.worker';

export function runBackupJob(job: BackupJob, onProgress?: BackupProgress): Promise<string | null> {
  const worker = new Worker(new URL('./backup.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<string | null>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<BackupReply>) => {
      const m = e.data;
      if (m.type === 'progress') return onProgress?.(m.done, m.total);
      worker.terminate();
      if (m.type === 'exported') resolve(m.content);
      else if (m.type === 'imported') resolve(null);
      else reject(m.damaged ? new BackupDamaged(m.message) : new Error(m.message));
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(`backup worker failed: ${e.message}`));
    };
    worker.postMessage(job);
  });
}
