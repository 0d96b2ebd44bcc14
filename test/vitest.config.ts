import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const root = resolve(__dirname, '..');

export default defineConfig({
  root,
  resolve: {
    alias: {
      '@contract': resolve(root, 'src-main/contract'),
      '@renderer': resolve(root, 'src-renderer/src'),
      '@domain': resolve(root, 'src-renderer/src/domain'),
    },
  },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/renderer/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/renderer/setup.ts'],
    testTimeout: 60_000,
  },
});
