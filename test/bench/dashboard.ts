// dashboard-100k: the supervisor dashboard for a quarter over 1,000,000 tickets and 100,000 evaluations (12 months,
// 200 staff in ten teams) in Chromium / IndexedDB, timed from the click on "Quarter" to every widget painted (the
// worker's figures drawn: the content no longer busy and showing the quarter). The longest task on the UI thread
// while it works is measured too (a PerformanceObserver of long tasks; target: none over 50 ms). Baseline, in the
// same page and data: one full read of the evaluations store (getAll), what any figure over all of them costs.
import type { BenchResult } from './run';
import { openBenchBrowser } from './browser';
import { seedWorkspace } from './seed';
import { checkRubric } from '../../src-renderer/src/domain/rubric';
import { RUBRIC_TEMPLATES } from '../../src-renderer/src/domain/rubricTemplates';

const TICKETS = Number(process.env.QA_BENCH_DASH_TICKETS ?? 1_000_000);
const EVALUATIONS = Number(process.env.QA_BENCH_DASH_EVALS ?? 100_000);

export async function dashboardBench(): Promise<BenchResult> {
  const b = await openBenchBrowser();
  try {
    const { page } = b;
    const checked = checkRubric(RUBRIC_TEMPLATES.find((t) => t.id === 'ticket-handling' && t.lang === 'en')!.definition);
    if (!checked.ok) throw new Error('the ticket template does not check');
    console.log(`dashboard-100k: writing ${TICKETS.toLocaleString()} tickets and ${EVALUATIONS.toLocaleString()} evaluations…`);
    const seeded = await seedWorkspace(page, { tickets: TICKETS, staff: 200, calls: 20_000, months: 12, evaluations: EVALUATIONS, rubric: checked.rubric });
    console.log(`dashboard-100k: data written in ${seeded.toFixed(0)} s`);

    await page.reload();
    page.on('console', (m) => m.text().startsWith('[dashboard]') && console.log(`dashboard-100k: ${m.text()}`));
    await page.getByTestId('nav-dashboards').click();
    const settledOn = async (pattern: RegExp) => {
      await page.waitForFunction(
        (src) => {
          const c = document.querySelector('[data-testid="dash-content"]');
          return !!c && c.getAttribute('aria-busy') === 'false' && new RegExp(src).test(document.querySelector('[data-testid="dash-filter-text"]')?.textContent ?? '');
        },
        pattern.source,
        { timeout: 600_000, polling: 'raf' },
      );
    };
    await page.getByTestId('period-month').click();
    await settledOn(/Period: \d{4}-\d{2}(?!-)/);
    await page.evaluate(() => {
      const w = window as unknown as { __long: number[] };
      w.__long = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: 'longtask', buffered: false });
    });
    const runs: number[] = [];
    const longest: number[] = [];
    for (let i = 0; i < 3; i++) {
      await page.evaluate(() => {
        const w = window as unknown as { __t0: number; __long: number[] };
        w.__long = [];
        document.addEventListener('pointerdown', (e) => (w.__t0 = e.timeStamp), { once: true, capture: true });
      });
      await page.getByTestId('period-quarter').click();
      await settledOn(/Period: \d{4}-Q\d/);
      // Painted: the frame after the figures are in the DOM.
      const r = await page.evaluate(
        () =>
          new Promise<{ ms: number; long: number }>((ok) =>
            requestAnimationFrame(() => {
              const w = window as unknown as { __t0: number; __long: number[] };
              ok({ ms: performance.now() - w.__t0, long: Math.max(0, ...w.__long) });
            }),
          ),
      );
      runs.push(r.ms);
      longest.push(r.long);
      const evaluated = await page.getByTestId('headline-qa').textContent();
      console.log(`dashboard-100k: quarter painted in ${r.ms.toFixed(0)} ms, longest UI task ${r.long.toFixed(0)} ms (${evaluated})`);
      await page.getByTestId('period-month').click();
      await settledOn(/Period: \d{4}-\d{2}(?!-)/);
    }
    runs.sort((x, y) => x - y);
    const ours = runs[1]!;
    const worstTask = Math.max(...longest);

    const read = await page.evaluate(async () => {
      const db: IDBDatabase = await new Promise((ok) => {
        const r = indexedDB.open('qa-console');
        r.onsuccess = () => ok(r.result);
      });
      const t0 = performance.now();
      const n = await new Promise<number>((ok) => {
        const r = db.transaction('evaluations').objectStore('evaluations').getAll();
        r.onsuccess = () => ok(r.result.length);
      });
      db.close();
      return { ms: performance.now() - t0, n };
    });
    console.log(`dashboard-100k: quarter ${ours.toFixed(0)} ms (median of 3), longest UI task ${worstTask.toFixed(0)} ms; full read of ${read.n} evaluations ${read.ms.toFixed(0)} ms`);
    return {
      id: 'dashboard-100k',
      value: ours,
      unit: `ms from "Quarter" to every widget painted (1M tickets, 100k evaluations); longest UI task ${worstTask.toFixed(0)} ms`,
      baseline: 'one full read of the evaluations store (getAll)',
      baselineValue: read.ms,
      ratio: ours / read.ms,
      target: '< 1 s, no UI task over 50 ms',
      met: ours < 1000 && worstTask <= 50,
    };
  } finally {
    await b.close();
  }
}
