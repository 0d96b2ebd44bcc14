// Password hashing with scrypt and a per-user random salt. Clear passwords never leave this module.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordHash } from '@contract';

/** Today's cost: N = 2^17 (about 128 MiB and a few hundred ms per hash), as OWASP advises for scrypt. */
export const PARAMS = { N: 2 ** 17, r: 8, p: 1, keylen: 64 } as const;
/** What hashes made before the cost was raised used; they verify with it and are upgraded at the next sign-in. */
export const LEGACY_PARAMS = { N: 16384, r: 8, p: 1, keylen: 64 } as const;

export type ScryptParams = PasswordHash['params'];

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes; Node refuses more than 32 MiB unless told.
  const maxmem = 128 * params.N * params.r + 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, params.keylen, { N: params.N, r: params.r, p: params.p, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** `params` other than today's are for tests that hash many passwords and do not test the cost. */
export async function hashPassword(password: string, params: ScryptParams = PARAMS): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return { hash: key.toString('hex'), salt: salt.toString('hex'), params: { ...params } };
}

export async function verifyPassword(password: string, hash: string, salt: string, params: ScryptParams = LEGACY_PARAMS): Promise<boolean> {
  const expected = Buffer.from(hash, 'hex');
  const key = await derive(password, Buffer.from(salt, 'hex'), params);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Does a hash made with these parameters need re-hashing at today's cost? */
export const needsRehash = (params: ScryptParams | undefined) => (params?.N ?? LEGACY_PARAMS.N) < PARAMS.N;
