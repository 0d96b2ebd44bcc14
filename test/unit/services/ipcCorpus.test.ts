// The bad-input corpus for the contract (test/fixtures/bad/ipc/cases.json): each payload is refused with the typed
// error it names (code, and the field where there is one), as the role it names (null: signed out).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionRole } from '@contract';
import { createHandlers, createServiceContext, dispatch } from '../../../src-main/services';
import { signedIn } from '../serviceSession';

interface IpcCase {
  name: string;
  method: string;
  role: SessionRole | null;
  payload: unknown;
  expect: { code: string; where?: string };
}

const cases = JSON.parse(readFileSync(join(__dirname, '..', '../fixtures/bad/ipc/cases.json'), 'utf8')) as IpcCase[];
/** "LONG:n" stands for a string of n characters (kept out of the JSON file). */
const expand = (v: unknown): unknown =>
  typeof v === 'string' && /^LONG:\d+$/.test(v) ? 'x'.repeat(Number(v.slice(5))) : Array.isArray(v) ? v.map(expand) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expand(x)])) : v;

describe('contract bad-input corpus', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'qa-ipc-corpus-'));
  const ctx = createServiceContext({ version: '0', host: 'web', platform: 'linux', osLocale: 'en', dataDir, backupDir: join(dataDir, 'b'), packaged: false }, (id) => id);
  const h = createHandlers(ctx);

  it('holds cases', () => expect(cases.length).toBeGreaterThan(10));
  for (const c of cases)
    it(c.name, async () => {
      const caller = c.role ? signedIn(ctx, c.role) : {};
      const r = await dispatch(h, c.method, expand(c.payload), caller);
      expect(r).toMatchObject({ ok: false, error: { code: c.expect.code, ...(c.expect.where ? { where: c.expect.where } : {}) } });
    });
});
