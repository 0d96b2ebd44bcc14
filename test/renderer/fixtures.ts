// Shared set-up for repository tests: a fresh database, a fixed clock, real scrypt hashing from the main-process service.
import { QaDatabase } from '@renderer/db/database';
import type { RepoContext } from '@renderer/db/context';
import type { PasswordHasher } from '@renderer/db/passwords';
import { createRng } from '@renderer/domain/random';
import { hashPassword, verifyPassword } from '../../src-main/services/passwords';

let counter = 0;

export function freshContext(start = Date.parse('2026-11-02T08:00:00Z')): RepoContext {
  const rng = createRng(42 + counter);
  let now = start;
  return {
    db: new QaDatabase(`test-${Date.now()}-${counter++}`),
    actor: null,
    clock: () => (now += 1000),
    randomBytes: (n) => Uint8Array.from({ length: n }, () => Math.floor(rng.next() * 256)),
  };
}

export const realHasher: PasswordHasher = { hash: hashPassword, verify: verifyPassword };
