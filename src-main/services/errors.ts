// Typed errors that services throw; dispatch turns them into Result envelopes.
import type { QaErrorCode, QaErrorShape } from '@contract';

export class ServiceError extends Error {
  constructor(
    readonly code: QaErrorCode,
    message: string,
    readonly where?: string,
    /** A message key of the console's catalogs, so the window can say it in the reader's language. */
    readonly key?: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }

  toShape(): QaErrorShape {
    return { code: this.code, message: this.message, ...(this.where ? { where: this.where } : {}), ...(this.key ? { key: this.key } : {}) };
  }
}

/**
 * An unexpected error as a short sentence without absolute paths (Node puts them in fs errors' messages): the
 * error code and the file's name, which is what the person needs; the log keeps the rest.
 */
export function describeIoError(err: unknown): string {
  const e = err as { code?: string; path?: string; message?: string };
  const name = typeof e.path === 'string' ? e.path.split(/[\\/]/).pop() : undefined;
  if (e.code && name) return `${e.code} (${name})`;
  if (e.code) return e.code;
  return stripPaths(e.message ?? String(err));
}

/** Replaces anything that looks like an absolute path (two or more parts) with its last part. */
export function stripPaths(text: string): string {
  return text.replace(/(?:[A-Za-z]:\\|\/)(?:[^\s'"`\\/]+[\\/])+([^\s'"`\\/]*)/g, '…/$1');
}
