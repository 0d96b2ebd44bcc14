// Password rules and the hasher interface. Hashing itself happens in main (scrypt); the renderer only ever sees hashes.
import type { PasswordHash } from '@contract';
import { ValidationError } from './context';

export interface PasswordHasher {
  hash(password: string): Promise<PasswordHash>;
  verify(password: string, hash: string, salt: string): Promise<boolean>;
}

export const MIN_PASSWORD_LENGTH = 8;

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new ValidationError('password', 'errors.passwordShort', `The password needs at least ${MIN_PASSWORD_LENGTH} characters`);
}
