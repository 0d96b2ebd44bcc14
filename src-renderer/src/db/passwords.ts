// Password rules and the account authority. Hashing and the sign-in decision happen in main (scrypt, and main's
// own record of each person's role): the renderer keeps a copy of each hash for backups, and tells main when an
// admin changes who may sign in with which role.
import type { PasswordHash } from '@contract';
import type { Role } from '@renderer/domain/roles';
import type { Credential } from '@renderer/domain/model';
import { ValidationError } from './context';

export interface AccountEntry {
  personId: string;
  role: Role;
  active: boolean;
  credential?: PasswordHash;
}

export interface AccountAuthority {
  /** A new password for this person: main hashes it and keeps it as their credential, with the role given. */
  setPassword(personId: string, password: string, account: { role: Role; active: boolean }): Promise<PasswordHash>;
  /** Checks a sign-in; main opens this window's session on success and may hand back a stronger hash to keep. */
  signIn(personId: string, password: string, stored: Pick<Credential, 'hash' | 'salt' | 'params'>): Promise<{ ok: boolean; rehash: PasswordHash | null; reason?: string }>;
  /** Re-checks the signed-in person's password (idle unlock). */
  confirm(personId: string, password: string, stored: Pick<Credential, 'hash' | 'salt' | 'params'>): Promise<boolean>;
  /** Tells main who may sign in (after a change to people, a restore, a demo load, or when main knows nobody yet). */
  register(accounts: AccountEntry[], replace: boolean): Promise<void>;
}

export const MIN_PASSWORD_LENGTH = 8;

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new ValidationError('password', 'errors.passwordShort', `The password needs at least ${MIN_PASSWORD_LENGTH} characters`);
}
