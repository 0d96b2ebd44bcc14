// What every repository call needs: the database, who is acting (role scope), a clock and id source.
import type { QaDatabase } from './database';
import type { SessionScope } from '@renderer/domain/roles';
import { uuidv7, type RandomBytes } from '@renderer/domain/ids';

export interface RepoContext {
  db: QaDatabase;
  /** null only for system work before anyone exists (first-run admin creation). */
  actor: SessionScope | null;
  clock: () => number;
  randomBytes: RandomBytes;
}

export const cryptoRandomBytes: RandomBytes = (n) => crypto.getRandomValues(new Uint8Array(n));

export function newId(ctx: Pick<RepoContext, 'clock' | 'randomBytes'>): string {
  return uuidv7(ctx.clock(), ctx.randomBytes);
}

export function nowIso(ctx: Pick<RepoContext, 'clock'>): string {
  return new Date(ctx.clock()).toISOString();
}

/** Thrown when the acting session may not read or change what it asked for. */
export class AccessDenied extends Error {
  constructor(readonly what: string) {
    super(`Access denied: ${what}`);
    this.name = 'AccessDenied';
  }
}

/** A user-facing validation failure naming the field. */
export class ValidationError extends Error {
  constructor(
    readonly field: string,
    readonly messageKey: string,
    message: string,
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}
