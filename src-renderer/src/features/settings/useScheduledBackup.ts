// Writes a scheduled backup when one is due, checked two minutes after sign-in and every ten minutes after.
import { isBackupDue } from '@renderer/domain/settings';
import type { BackupProgress } from '@renderer/db/backup';
import { runBackupJob } from '@renderer/workers/runBackupJob';
import { writeSetting } from '@renderer/db/settings';
import type { RepoContext } from '@renderer/db/context';
import { qa } from '@renderer/platform/qa';
import { useSession } from '@renderer/session/session';
import { mayBackUp } from '@renderer/domain/roles';
import { sessionSettings, workspaceName } from '@renderer/db/workspace';
import { useScheduledJob } from '@renderer/session/useScheduledJob';

export async function backupNow(ctx: RepoContext, appVersion: string, kind: 'manual' | 'scheduled' | 'pre-restore', onProgress?: BackupProgress) {
  const settings = await sessionSettings(ctx);
  const content = (await runBackupJob({ kind: 'export', dbName: workspaceName(ctx), appVersion, now: ctx.clock() }, onProgress))!;
  const info = await qa('writeBackup', { content, kind, keep: settings.backupKeep });
  await writeSetting(ctx, 'lastBackupAt', info.createdAt);
  return info;
}

const TIMES = { job: 'backups', firstMs: 2 * 60_000, everyMs: 10 * 60_000 } as const;

export function useScheduledBackup() {
  const { ctx, info, person, team } = useSession();
  // Backups are made for the people who can restore them: an admin's or a supervisor's session (main refuses others).
  // A team console's data is the server's: the DBA backs up the database (pg_dump, point-in-time recovery).
  useScheduledJob(mayBackUp(person.role) && !team, TIMES, async () => {
    if (isBackupDue(await sessionSettings(ctx), ctx.clock())) await backupNow(ctx, info.version, 'scheduled');
  });
}
