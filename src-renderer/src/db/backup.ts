// Whole-database backups: exported with dexie-export-import into a checked envelope, written through main;
// restored only after the envelope's format, schema version and checksum are verified.
import { exportDB, importInto } from 'dexie-export-import';
import { sha256Hex } from '@renderer/domain/auditChain';
import type { QaDatabase } from './database';
import { CURRENT_SCHEMA_VERSION } from './schema';

export const BACKUP_FORMAT = 'qa-console-backup';

export interface BackupEnvelope {
  format: typeof BACKUP_FORMAT;
  formatVersion: 1;
  schemaVersion: number;
  appVersion: string;
  createdAt: string;
  sha256: string;
  /** The dexie-export-import JSON, as text, so the checksum covers it byte for byte. */
  data: string;
}

export class BackupDamaged extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'BackupDamaged';
  }
}

/** Rows done out of rows in all, as export and import report them. */
export type BackupProgress = (completedRows: number, totalRows: number) => void;

export async function makeBackup(db: QaDatabase, appVersion: string, now: Date, onProgress?: BackupProgress): Promise<string> {
  const blob = await exportDB(db, {
    prettyJson: false,
    progressCallback: (p) => (onProgress?.(p.completedRows, p.totalRows ?? p.completedRows), true),
  });
  const data = await blob.text();
  const envelope: BackupEnvelope = {
    format: BACKUP_FORMAT,
    formatVersion: 1,
    schemaVersion: db.verno,
    appVersion,
    createdAt: now.toISOString(),
    sha256: sha256Hex(data),
    data,
  };
  return JSON.stringify(envelope);
}

/** Checks a backup before anything is touched; throws BackupDamaged naming what is wrong. */
export function checkBackup(content: string): BackupEnvelope {
  let env: Partial<BackupEnvelope>;
  try {
    env = JSON.parse(content) as Partial<BackupEnvelope>;
  } catch (e) {
    throw new BackupDamaged(`not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (env.format !== BACKUP_FORMAT) throw new BackupDamaged('not a QA Console backup');
  if (env.formatVersion !== 1) throw new BackupDamaged(`unknown backup format version ${String(env.formatVersion)}`);
  if (typeof env.schemaVersion !== 'number' || env.schemaVersion > CURRENT_SCHEMA_VERSION)
    throw new BackupDamaged(`made by a newer console (schema ${String(env.schemaVersion)}; this one reads up to ${CURRENT_SCHEMA_VERSION})`);
  if (typeof env.data !== 'string' || sha256Hex(env.data) !== env.sha256) throw new BackupDamaged('checksum does not match: the file was changed or cut short');
  return env as BackupEnvelope;
}

export async function restoreBackup(db: QaDatabase, content: string, onProgress?: BackupProgress): Promise<BackupEnvelope> {
  const env = checkBackup(content);
  await importInto(db, new Blob([env.data], { type: 'application/json' }), {
    progressCallback: (p) => (onProgress?.(p.completedRows, p.totalRows ?? p.completedRows), true),
    clearTablesBeforeImport: true,
    acceptVersionDiff: true,
    acceptChangedPrimaryKey: false,
  });
  return env;
}
