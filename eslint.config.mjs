// Lint: typescript-eslint, React hooks, and the layer rules that keep domain/ and contract/ pure.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const impure = ['react', 'react-*', 'dexie', 'dexie-*', 'electron', 'node:*', 'fs', 'path', 'os', 'child_process', 'antd', '@ant-design/*', 'wavesurfer.js', 'recharts', 'pg'];

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
    // The pure core: plain data in, plain data out. No UI, storage, Electron, Node or DOM.
    files: ['src-renderer/src/domain/**/*.ts', 'src-main/contract/**/*.ts'],
    languageOptions: { globals: { ...globals.es2021 } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: impure, message: 'domain/ and contract/ stay pure: no React, Dexie, Electron, Node or DOM imports.' }] }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB', 'fetch', 'process', 'require', 'Buffer'],
    },
  },
  {
    // Services are plain Node: never Electron.
    files: ['src-main/services/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['electron'], message: 'services/ is plain Node: no electron import.' }] }] },
  },
);
