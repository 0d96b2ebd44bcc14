// Both languages say everything: the same keys in en and zh-CN, and every key the code names literally (t('…'),
// i18n.t('…'), and the message keys of validation errors) exists, so no one sees a raw key or an English
// fallback in the Chinese console.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '../../src-renderer/src');
const load = (lang: string) => JSON.parse(readFileSync(join(root, 'locales', `${lang}.json`), 'utf8')) as Record<string, unknown>;

function flatten(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? flatten(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

/** i18next plural forms: `key` resolves through `key_one` / `key_other`. */
const has = (keys: Set<string>, k: string) => keys.has(k) || keys.has(`${k}_one`) || keys.has(`${k}_other`);

describe('locales', () => {
  const en = new Set(flatten(load('en')));
  const zh = new Set(flatten(load('zh-CN')));

  it('en and zh-CN have the same keys', () => {
    expect([...en].filter((k) => !zh.has(k))).toEqual([]);
    expect([...zh].filter((k) => !en.has(k))).toEqual([]);
  });

  it('every key the code names literally exists', () => {
    const namespaces = new Set(Object.keys(load('en')));
    const missing: string[] = [];
    for (const file of sources(root)) {
      const text = readFileSync(file, 'utf8');
      const literal = [...text.matchAll(/\bt\(\s*'([a-zA-Z][\w-]*(?:\.[\w-]+)+)'/g)].map((m) => m[1]!);
      const validation = [...text.matchAll(/new ValidationError\(\s*[^,]+,\s*'([\w.-]+)'/g)].map((m) => m[1]!);
      // Message keys handed around as data (e.g. a plan problem's key): any quoted 'namespace.a.b' of the catalog.
      const asData = [...text.matchAll(/'([a-zA-Z][\w-]*(?:\.[\w-]+){2,})'/g)].map((m) => m[1]!).filter((k) => namespaces.has(k.split('.')[0]!));
      for (const k of new Set([...literal, ...validation, ...asData])) if (!has(en, k)) missing.push(`${file.slice(root.length + 1)}: ${k}`);
    }
    expect(missing).toEqual([]);
  });
});
