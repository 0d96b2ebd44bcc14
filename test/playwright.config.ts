// Web E2E against the browser host in Debian's Chromium; the Electron suite runs only where a binary exists.
import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A free port, chosen once by the runner and inherited by its workers, so two runs on one machine never collide.
process.env.QA_E2E_PORT ??= execFileSync(process.execPath, ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"], { encoding: 'utf8' });
const port = Number(process.env.QA_E2E_PORT);
// Evaluated again in each worker; only the runner's own copy starts the server, so each run gets a fresh folder.
const dataDir = process.env.QA_E2E_DATA ?? (process.env.QA_E2E_DATA = mkdtempSync(join(tmpdir(), 'qa-e2e-')));
// The host's test controls (dialog answers, notifications) exist only with this token; the workers inherit it.
process.env.QA_HOST_TEST_TOKEN ??= randomBytes(24).toString('hex');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: '.',
  outputDir: '../test-results/e2e',
  timeout: 180_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    locale: 'en-US',
    viewport: { width: 1440, height: 900 },
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'web', testDir: './e2e/web' },
    { name: 'electron', testDir: './e2e/electron' },
  ],
  webServer: {
    command: `npx tsx test/host/server.ts --port ${port} --data ${dataDir} --test-controls`,
    cwd: join(__dirname, '..'),
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
  },
});
