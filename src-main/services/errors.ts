// Typed errors that services throw; dispatch turns them into Result envelopes.
import type { QaErrorCode, QaErrorShape } from '@contract';

export class ServiceError extends Error {
  constructor(
    readonly code: QaErrorCode,
    message: string,
    readonly where?: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }

  toShape(): QaErrorShape {
    return { code: this.code, message: this.message, ...(this.where ? { where: this.where } : {}) };
  }
}
