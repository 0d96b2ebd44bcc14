// Lint: typescript-eslint, React hooks, and the layer rules by path: each source folder's allow-list of imports.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// ---- Layer rules by path: each folder's allow-list of what it may import (resolved paths, not package names) ----
const ROOT = dirname(fileURLToPath(import.meta.url));
const ALIASES = { '@contract': 'src-main/contract', '@domain': 'src-renderer/src/domain', '@renderer': 'src-renderer/src' };
const R = 'src-renderer/src';
/**
 * may: folders whose code this layer may import; types: folders it may import types from (`import type` only);
 * packages: the npm packages it may use (null: every package except those in `deny`).
 */
// db/'s own insides: the others read and write through the areas' functions, which check who may.
const DB_INSIDES = [
  [`${R}/db/records`, 'the write path is db/’s own; write through the area’s function'],
  [`${R}/db/scoped`, 'the scoped reads are db/’s own; read through the area’s function'],
];
const LAYERS = [
  { dir: `${R}/domain`, may: [`${R}/domain`, 'resources'], packages: ['zod', 'papaparse', '@noble/hashes'] },
  { dir: 'src-main/contract', may: ['src-main/contract'], types: [`${R}/domain`], packages: ['zod'] },
  { dir: `${R}/db`, may: [`${R}/db`, `${R}/domain`], types: ['src-main/contract'], packages: ['dexie', 'dexie-export-import', '@noble/hashes'] },
  { dir: `${R}/workers`, may: [`${R}/workers`, `${R}/db`, `${R}/domain`], types: ['src-main/contract'], packages: ['dexie', 'dexie-export-import', 'papaparse', 'exceljs', 'iconv-lite', '@zip.js/zip.js'] },
  { dir: `${R}/platform`, may: [`${R}/platform`, `${R}/domain`], types: ['src-main/contract', `${R}/db`], packages: [] },
  { dir: `${R}/ui`, may: [`${R}/ui`, `${R}/domain`, `${R}/locales`], packages: ['react', 'react-i18next', 'i18next', 'antd', 'dayjs'], noHandle: true },
  // The session (who is signed in, their repository context), error wording, save-as and value names: what every
  // page needs, below the pages.
  { dir: `${R}/session`, may: [`${R}/session`, `${R}/db`, `${R}/ui`, `${R}/platform`, `${R}/domain`, `${R}/locales`], types: ['src-main/contract'], packages: ['react', 'react-i18next', 'i18next', 'antd'], noHandle: true },
  // Pieces several pages show (the call player, an evaluation as its agent sees it, a person's form, …).
  { dir: `${R}/widgets`, may: [`${R}/widgets`, `${R}/session`, `${R}/db`, `${R}/ui`, `${R}/platform`, `${R}/domain`, `${R}/locales`, 'resources'], types: ['src-main/contract'], packages: null, refuse: DB_INSIDES, noHandle: true },
  {
    dir: `${R}/features`,
    // Each feature its own folder only: what two share is a widget, or composed by the shell (app/).
    may: [`${R}/features/*`, `${R}/widgets`, `${R}/session`, `${R}/db`, `${R}/ui`, `${R}/platform`, `${R}/domain`, `${R}/workers`, `${R}/locales`, 'resources'],
    types: ['src-main/contract'],
    packages: null,
    refuse: DB_INSIDES,
    noHandle: true,
  },
  // The composition root: opens the database, holds the session, lays out the pages of every feature.
  { dir: `${R}/app`, may: [`${R}/app`, `${R}/features`, `${R}/widgets`, `${R}/session`, `${R}/db`, `${R}/ui`, `${R}/platform`, `${R}/domain`, `${R}/locales`, 'resources'], types: ['src-main/contract'], packages: null, refuse: DB_INSIDES },
  { dir: `${R}`, may: [`${R}`], packages: null },
  { dir: 'src-main/services', may: ['src-main/services', 'src-main/contract', `${R}/domain`], packages: null, deny: ['electron'] },
  { dir: 'src-main/main', may: ['src-main/main', 'src-main/services', 'src-main/contract', 'src-main/preload', `${R}/domain`], packages: null },
  { dir: 'src-main/preload', may: ['src-main/preload', 'src-main/contract'], packages: ['electron'] },
  { dir: 'src-main/cli', may: ['src-main/cli', 'src-main/services', 'src-main/contract', `${R}/domain`], packages: null },
];
const within = (path, dir) => path === dir || path.startsWith(`${dir}/`);
const packageName = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);

const layersPlugin = {
  rules: {
    allowed: {
      meta: { type: 'problem', schema: [], messages: { refused: '{{layer}} may not import {{what}}: {{why}}' } },
      create(context) {
        const file = relative(ROOT, context.filename).split('\\').join('/');
        const layer = LAYERS.find((l) => within(file, l.dir));
        if (!layer) return {};
        const check = (node, spec, typeOnly) => {
          const refuse = (why) => context.report({ node, messageId: 'refused', data: { layer: layer.dir, what: spec, why } });
          const alias = Object.keys(ALIASES).find((a) => spec === a || spec.startsWith(`${a}/`));
          if (!alias && !spec.startsWith('.') && !isAbsolute(spec)) {
            const pkg = spec.startsWith('node:') ? 'node:' : packageName(spec);
            if (layer.deny?.includes(pkg)) return refuse(`${pkg} is not for this layer`);
            if (layer.packages && !layer.packages.includes(pkg)) return refuse(`the package ${pkg} is not on this layer's list`);
            return;
          }
          const target = alias
            ? `${ALIASES[alias]}${spec.slice(alias.length)}`
            : relative(ROOT, resolve(dirname(context.filename), spec)).split('\\').join('/');
          const crossesToRenderer = file.startsWith('src-main/') && target.startsWith('src-renderer/');
          const crossesToMain = file.startsWith('src-renderer/') && target.startsWith('src-main/');
          // The two halves meet at two doors only: main reaches the domain as @domain, the renderer main as @contract.
          if (crossesToRenderer && alias !== '@domain') return refuse('main reaches the domain only through @domain');
          if (crossesToMain && alias !== '@contract') return refuse('the renderer reaches main only through @contract');
          const refused = layer.refuse?.find(([d]) => within(target.replace(/\.(ts|tsx)$/, ''), d));
          if (refused) return refuse(refused[1]);
          // `dir/*`: the file's own sub-folder of dir only (a feature's own folder, not its siblings').
          const own = (d) => within(target, `${d.slice(0, -2)}/${file.slice(d.length - 1).split('/')[0]}`);
          if (layer.may.some((d) => (d.endsWith('/*') ? own(d) : within(target, d)))) return;
          if (layer.may.some((d) => d.endsWith('/*') && within(target, d.slice(0, -2)))) return refuse('a feature imports only its own folder: share through widgets/ or compose in app/');
          if (typeOnly && layer.types?.some((d) => within(target, d))) return;
          if (layer.types?.some((d) => within(target, d))) return refuse(`only types may come from ${target.split('/').slice(0, 3).join('/')} (import type)`);
          refuse(`${target} is outside what this layer may use`);
        };
        const typeOnly = (node) => node.importKind === 'type' || (node.specifiers?.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));
        // Pages and what they are made of never hold the database handle: the repository context they pass to db/
        // carries it, and only db/ may reach in (`ctx.db`, `{ db }`, indexedDB itself).
        const handle = (node) => context.report({ node, messageId: 'refused', data: { layer: layer.dir, what: 'the database handle', why: 'read and write through db/’s area functions' } });
        const handleRules = layer.noHandle
          ? {
              'MemberExpression[computed=false][property.name="db"]': handle,
              'ObjectPattern > Property[key.name="db"]': handle,
              'Identifier[name="indexedDB"]': handle,
            }
          : {};
        return {
          ...handleRules,
          ImportDeclaration: (node) => check(node, node.source.value, typeOnly(node)),
          ExportNamedDeclaration: (node) => node.source && check(node, node.source.value, node.exportKind === 'type'),
          ExportAllDeclaration: (node) => check(node, node.source.value, node.exportKind === 'type'),
          ImportExpression: (node) => node.source.type === 'Literal' && typeof node.source.value === 'string' && check(node, node.source.value, false),
        };
      },
    },
  },
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Every source folder's allow-list (above); a test lints wrong files against it (test/unit/project/layers.test.ts).
    files: ['src-main/**/*.{ts,tsx}', 'src-renderer/**/*.{ts,tsx}'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/allowed': 'error' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src-renderer/**/*.tsx', 'src-renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // The pure core: plain data in, plain data out (what it may import is its allow-list above). No DOM or Node globals.
    files: ['src-renderer/src/domain/**/*.ts', 'src-main/contract/**/*.ts'],
    languageOptions: { globals: { ...globals.es2021 } },
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB', 'fetch', 'process', 'require', 'Buffer'],
    },
  },
);
