// Shared set-up for repository tests: a fresh database, a fixed clock, real scrypt hashing from the main-process service.
import { createFirstAdmin, sessionScopeFor } from '@renderer/db/auth';
import { loadDemoWorkspace } from '@renderer/db/demo';
import { QaDatabase } from '@renderer/db/database';
import type { RepoContext } from '@renderer/db/context';
import type { AccountAuthority } from '@renderer/db/passwords';
import { createRng } from '@renderer/domain/random';
import { hashPassword, LEGACY_PARAMS, verifyPassword } from '../../src-main/services/passwords';

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

/**
 * Main's scrypt hashing in-process, at the lower cost of older hashes (repository tests make many people; the
 * cost and main's own account decisions are tested in test/unit/accounts.test.ts). Registration is main's
 * business: nothing to remember here.
 */
export const realHasher: AccountAuthority = {
  setPassword: (_id, password) => hashPassword(password, LEGACY_PARAMS),
  signIn: async (_id, password, c) => ({ ok: await verifyPassword(password, c.hash, c.salt, c.params), rehash: null }),
  confirm: (_id, password, c) => verifyPassword(password, c.hash, c.salt, c.params),
  register: async () => undefined,
};

/**
 * A fresh database with a first admin and the small demo workspace loaded through the app's own loader.
 * Recording files are main's job: the loader gets records for them and no audio.
 */
export async function loadSmallDemo() {
  const ctx = freshContext();
  const admin = await createFirstAdmin(ctx, { name: 'Admin', email: 'a@example.com', employeeNo: '1' }, 'password-1', realHasher);
  const asAdmin: RepoContext = { ...ctx, actor: await sessionScopeFor(ctx.db, admin) };
  const loaded = await loadDemoWorkspace(asAdmin, {
    size: 'small',
    hasher: realHasher,
    writeRecordings: async (specs) =>
      specs.map((s) => ({ id: s.id, path: `/nowhere/${s.id}.wav`, sha256: 'x', bytes: 1, durationSec: s.durationSec, format: 'wav-mulaw-8k' as const, peaks: [0, 0], peaksPerSecond: 50 })),
  });
  const people = await ctx.db.people.toArray();
  /** The repository context of a signed-in person, by id or e-mail. */
  const as = async (idOrEmail: string): Promise<RepoContext> => ({ ...ctx, actor: await sessionScopeFor(ctx.db, people.find((p) => p.id === idOrEmail || p.email === idOrEmail)!) });
  return { ctx, asAdmin, loaded, people, as };
}
