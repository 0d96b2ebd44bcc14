// The browser host's PDF printer: the renderer's snapshot of its view (HTML, styles, no scripts) printed by a
// headless Chromium, as Electron prints its window. The page runs no script and may fetch nothing but this host's
// own files (the stylesheets the snapshot links); one browser serves every print and closes with the host.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { PdfPrinter } from '../../src-main/services';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface SnapshotPrinter {
  print: PdfPrinter;
  close(): Promise<void>;
}

/** Null where there is no Chromium to print with (the renderer then opens the browser's print dialog). */
export function snapshotPrinter(origin: () => string, executablePath = CHROMIUM): SnapshotPrinter | null {
  if (!existsSync(executablePath)) return null;
  let browser: Promise<Browser> | null = null;
  const launch = async () => {
    const { chromium } = await import('playwright-core');
    return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  };
  return {
    print: async (landscape, snapshot) => {
      if (!snapshot) throw new Error('nothing to print: the view was not sent');
      browser ??= launch();
      const context = await (await browser).newContext({ javaScriptEnabled: false, offline: false });
      try {
        const page = await context.newPage();
        const own = origin();
        await page.route('**/*', (route) => (route.request().url().startsWith(`${own}/`) ? route.continue() : route.abort()));
        await page.setContent(snapshot, { waitUntil: 'load', timeout: 30_000 });
        return Buffer.from(await page.pdf({ format: 'A4', landscape, printBackground: true }));
      } finally {
        await context.close();
      }
    },
    close: async () => {
      if (browser) await (await browser).close().catch(() => undefined);
    },
  };
}
