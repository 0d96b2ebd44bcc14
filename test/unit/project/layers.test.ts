// The layer rules by path (eslint.config.mjs, `layers/allowed`) refuse what they should: each fixture in
// test/fixtures/lint (*.fixture, so neither tsc nor the lint run sees them) is linted as if it lived at the path its first line names, and must be refused with the reason
// its second line gives (or pass, for the allowed ones). If the rules stop working, this fails.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const DIR = join(ROOT, 'test', 'fixtures', 'lint');
const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.fixture'))
  .map((f) => {
    const text = readFileSync(join(DIR, f), 'utf8');
    const [as, expectLine] = text.split('\n');
    return { f, text, as: /^\/\/ as: (.+)$/.exec(as!)![1]!, refused: /^\/\/ refused: (.+)$/.exec(expectLine!)?.[1] ?? null };
  });

describe('layer rules by path', () => {
  const eslint = new ESLint({ cwd: ROOT });
  it('has fixtures for refused and allowed imports', () => {
    expect(fixtures.filter((x) => x.refused).length).toBeGreaterThanOrEqual(8);
    expect(fixtures.filter((x) => !x.refused).length).toBeGreaterThanOrEqual(2);
  });
  for (const fx of fixtures)
    it(`${fx.f} as ${fx.as}: ${fx.refused ? `refused (${fx.refused})` : 'allowed'}`, async () => {
      const [result] = await eslint.lintText(fx.text, { filePath: join(ROOT, fx.as) });
      const layerErrors = result!.messages.filter((m) => m.ruleId === 'layers/allowed');
      if (fx.refused) {
        expect(layerErrors).toHaveLength(1);
        expect(layerErrors[0]!.message).toContain(fx.refused);
      } else expect(result!.messages).toEqual([]);
    }, 30_000);
});
