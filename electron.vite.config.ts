// Build config: main, preload and renderer live in src-main and src-renderer.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const alias = {
  '@contract': resolve(__dirname, 'src-main/contract'),
  '@renderer': resolve(__dirname, 'src-renderer/src'),
  '@domain': resolve(__dirname, 'src-renderer/src/domain'),
};

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
      // The audio analyser runs in worker threads: its own entry next to index.js.
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/main/index.ts'), analyseWorker: resolve(__dirname, 'src-main/services/audio/analyseWorker.ts') },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/preload/index.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    resolve: { alias },
    plugins: [react()],
    worker: { format: 'es' },
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      chunkSizeWarningLimit: 4000,
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
  },
});
