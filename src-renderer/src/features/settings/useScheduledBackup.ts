// Writes a scheduled backup when one is due, checked at sign-in and every ten minutes after.
import { useEffect } from 'react';
import { isBackupDue } from '@renderer/domain/settings';
import type { BackupProgress } from '@renderer/db/backup';
import { runBackupJob } from '@renderer/workers/runBackupJob';
import { writeSetting } from '@renderer/db/settings';
import type { RepoContext } from '@renderer/db/context';
import { qa } from '@renderer/platform/qa';
import { useSession } from '@renderer/session/session';
import { mayBackUp } from '@renderer/domain/roles';
import { sessionSettings, workspaceName } from '@renderer/db/workspace';

export async function backupNow(ctx: RepoContext, appVersion: string, kind: 'manual' | 'scheduled' | 'pre-restore', onProgress?: BackupProgress) {
  const settings = await sessionSettings(ctx);
  const content = (await runBackupJob({ kind: 'export', dbName: workspaceName(ctx), appVersion, now: ctx.clock() }, onProgress))!;
  const info = await qa('writeBackup', { content, kind, keep: settings.backupKeep });
  await writeSetting(ctx, 'lastBackupAt', info.createdAt);
  return info;
}

export function useScheduledBackup() {
  const { ctx, info, person, team } = useSession();
  // Backups are made for the people who can restore them: an admin's or a supervisor's session (main refuses others).
  // A team console's data is the server's: the DBA backs up the database (pg_dump, point-in-time recovery).
  const backs = mayBackUp(person.role) && !team;
  useEffect(() => {
    if (!backs) return;
    let running = false;
    const check = async () => {
      if (running) return;
      running = true;
      try {
        if (isBackupDue(await sessionSettings(ctx), ctx.clock())) await backupNow(ctx, info.version, 'scheduled');
      } catch (e) {
        console.error('scheduled backup failed', e);
      } finally {
        running = false;
      }
    };
    const first = window.setTimeout(check, 2 * 60_000);
    const timer = window.setInterval(check, 10 * 60_000);
    return () => {
      window.clearTimeout(first);
      window.clearInterval(timer);
    };
  }, [ctx, info.version, backs]);
}
