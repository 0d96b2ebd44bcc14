// A browser session for benchmarks: the browser host on a free port with a fresh data folder, Debian's Chromium,
// and a signed-in admin. Also calls contract methods over the host's bridge as the page would.
import { chromium, type Browser, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost, type RunningHost } from '../host/server';
import { CHROMIUM_ARGS } from '../playwright.config';

export interface BenchBrowser {
  host: RunningHost;
  browser: Browser;
  page: Page;
  call<T>(method: string, input: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function openBenchBrowser(opts: { signIn?: boolean } = {}): Promise<BenchBrowser> {
  const host = await startHost({ dataDir: mkdtempSync(join(tmpdir(), 'qa-bench-')), osLocale: 'en-US' });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'] });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  // tsx (esbuild keepNames) wraps functions passed to page.evaluate in a __name helper the page lacks.
  await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  await page.goto(host.url);
  if (opts.signIn !== false) {
    await page.getByTestId('field-name').fill('Bench Admin');
    await page.getByTestId('field-email').fill('bench@example.com');
    await page.getByTestId('field-employeeNo').fill('B1');
    await page.getByTestId('field-password').fill('bench-pass-1');
    await page.getByTestId('field-passwordAgain').fill('bench-pass-1');
    await page.getByTestId('create-admin').click();
    await page.getByTestId('start-empty').click();
  }
  // Through the page's own window.qa: its cookie and main's session for the signed-in bench admin.
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const r = (await page.evaluate(([m, i]) => (window.qa as unknown as Record<string, (x: unknown) => Promise<unknown>>)[m as string]!(i), [method, input] as const)) as
      | { ok: true; value: T }
      | { ok: false; error: { message: string } };
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value;
  };
  return {
    host,
    browser,
    page,
    call,
    close: async () => {
      await browser.close();
      await host.close();
    },
  };
}
