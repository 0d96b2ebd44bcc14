// The role policy is one module (domain/roles.ts): every decision that depends on a role calls one of its named
// verbs. This holds the tree to it: no role comparison anywhere else in src-main or src-renderer.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { mayScore, overseesAll, seesOwnWorkOnly, leadsTeamOf, sameRole, ROLES } from '@renderer/domain/roles';

const ROOT = join(__dirname, '..', '..', '..');
function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) yield* sources(p);
    else if (/\.(ts|tsx)$/.test(e)) yield p;
  }
}

describe('role policy', () => {
  it('no role is compared outside domain/roles.ts', () => {
    const found: string[] = [];
    for (const top of ['src-main', 'src-renderer/src'])
      for (const file of sources(join(ROOT, top))) {
        const rel = relative(ROOT, file);
        if (rel === join('src-renderer', 'src', 'domain', 'roles.ts')) continue;
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => /\brole\s*[!=]==|[!=]==\s*[\w.?]*\brole\b/.test(line) && found.push(`${rel}:${i + 1}: ${line.trim()}`));
      }
    expect(found).toEqual([]);
  });

  it('the verbs say what each role may do', () => {
    expect(ROLES.filter(overseesAll)).toEqual(['admin', 'supervisor']);
    expect(ROLES.filter(mayScore)).toEqual(['admin', 'supervisor', 'lead']);
    expect(ROLES.filter(seesOwnWorkOnly)).toEqual(['staff']);
    expect(mayScore(null)).toBe(false);
    expect(leadsTeamOf({ role: 'lead', ledTeamIds: ['t1'] }, 't1')).toBe(true);
    expect(leadsTeamOf({ role: 'lead', ledTeamIds: ['t1'] }, null)).toBe(false);
    expect(leadsTeamOf({ role: 'supervisor', ledTeamIds: ['t1'] }, 't1')).toBe(false);
    expect(sameRole('lead', 'lead')).toBe(true);
    expect(sameRole(undefined, undefined)).toBe(false);
  });
});
