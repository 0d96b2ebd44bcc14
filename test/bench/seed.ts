// A large workspace written straight into the signed-in app's own IndexedDB (created and migrated by the app) in
// 20,000-record transactions: staff in ten teams, tickets and calls over the last months, and optionally submitted
// evaluations on one published rubric. Shared by the benchmarks that need a big department (sample-1m, dashboard-100k).
import type { Page } from '@playwright/test';
import type { RubricDefinition } from '../../src-renderer/src/domain/rubric';

export interface SeedSize {
  tickets: number;
  staff: number;
  calls: number;
  months: number;
  /** Submitted evaluations of tickets, spread over the same months (each ticket at most once). */
  evaluations?: number;
  /** The rubric the evaluations are scored on (required with evaluations). */
  rubric?: RubricDefinition;
}

/** Writes the workspace; returns the seconds it took. Leave the Tickets page and turn off backups first. */
export async function seedWorkspace(page: Page, size: SeedSize): Promise<number> {
  // Off the Tickets page (its live list would re-read every ticket after each write), and no scheduled backup of a
  // million tickets in the middle of the measurement.
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('setting-backupIntervalHours').fill('0');
  await page.getByTestId('setting-backupIntervalHours').blur();
  await page.waitForTimeout(500);
  return page.evaluate(
    async ({ tickets, staff, calls, months, evaluations, rubric }) => {
      const db: IDBDatabase = await new Promise((ok, bad) => {
        const r = indexedDB.open('qa-console');
        r.onsuccess = () => ok(r.result);
        r.onerror = () => bad(r.error);
      });
      const now = Date.now();
      const DAY = 86_400_000;
      const base = { createdAt: new Date(now).toISOString(), updatedAt: new Date(now).toISOString(), rev: 1, createdBy: null, deletedAt: null };
      const put = (store: string, rows: object[]) =>
        new Promise<void>((ok, bad) => {
          const tx = db.transaction(store, 'readwrite', { durability: 'relaxed' });
          const os = tx.objectStore(store);
          for (const r of rows) os.put(r);
          tx.oncomplete = () => ok();
          tx.onerror = () => bad(tx.error);
        });
      const people = Array.from({ length: staff }, (_, i) => ({
        id: `bench-p-${String(i).padStart(4, '0')}`,
        name: `Agent ${i}`,
        email: `agent${i}@bench.example.com`,
        employeeNo: `B${i}`,
        teamId: `bench-team-${i % 10}`,
        role: 'staff',
        active: true,
        deactivatedAt: null,
        ...base,
      }));
      await put('people', people);
      await put(
        'teams',
        Array.from({ length: 10 }, (_, i) => ({ id: `bench-team-${i}`, name: `Team ${i}`, leadId: null, ...base })),
      );
      let seed = 12345;
      const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      const channels = ['phone', 'email', 'chat', 'portal', 'onsite'];
      const categories = ['function-question', 'system-fault', 'usage-question'];
      const started = performance.now();
      // Every `every`-th ticket is evaluated (so evaluations spread over the same months as the tickets).
      const every = evaluations ? Math.max(1, Math.floor(tickets / evaluations)) : 0;
      const criteria = rubric ? rubric.sections.flatMap((s) => s.criteria) : [];
      if (rubric) {
        await put('rubrics', [{ id: 'bench-rubric', name: rubric.name, status: 'active', ...base }]);
        await put('rubricVersions', [{ id: 'bench-rubric-v1', rubricId: 'bench-rubric', version: 1, status: 'published', definition: rubric, publishedAt: base.createdAt, ...base }]);
      }
      let evaluated = 0;
      for (let i = 0; i < tickets; i += 20_000) {
        const rows = [];
        const evals = [];
        for (let j = i; j < Math.min(tickets, i + 20_000); j++) {
          const opened = now - rnd() * months * 30 * DAY;
          const p = people[j % staff]!;
          const id = `bench-t-${String(j).padStart(8, '0')}`;
          rows.push({
            id,
            source: 'bench',
            externalId: String(j),
            subject: 'Cannot post vouchers',
            channel: channels[j % 5],
            priority: 'normal',
            category: categories[j % 3],
            status: 'closed',
            agentId: p.id,
            teamId: p.teamId,
            customerName: 'Customer',
            product: 'ERP',
            openedAt: new Date(opened).toISOString(),
            firstResponseAt: new Date(opened + rnd() * 120 * 60_000).toISOString(),
            resolvedAt: new Date(opened + rnd() * 48 * 3_600_000).toISOString(),
            reopenedCount: rnd() < 0.05 ? 1 : 0,
            csat: rnd() < 0.5 ? 1 + Math.floor(rnd() * 5) : null,
            ...base,
          });
          if (every && j % every === 0 && evaluated < evaluations!) {
            evaluated++;
            // Binary answers, most passing; the score is the passed share (weights left aside: a bench, not a rubric test).
            const answers: Record<string, { value: number | null }> = {};
            let passed = 0;
            for (const c of criteria) {
              const v = rnd() < 0.85 ? 1 : 0;
              passed += v;
              answers[c.id] = { value: v };
            }
            const at = new Date(opened).toISOString();
            const score = criteria.length ? Math.round((passed / criteria.length) * 1000) / 10 : null;
            evals.push({
              id: `bench-e-${String(j).padStart(8, '0')}`,
              itemKind: 'ticket',
              itemId: id,
              agentId: p.id,
              teamId: p.teamId,
              reviewerId: `bench-reviewer-${j % 8}`,
              rubricId: 'bench-rubric',
              rubricVersionId: 'bench-rubric-v1',
              occurredAt: at,
              status: 'submitted',
              answers,
              comments: [],
              feedback: '',
              score,
              outcome: score !== null && score >= rubric!.passingScore ? 'pass' : 'fail',
              failedBy: null,
              submittedAt: new Date(opened + DAY).toISOString(),
              revision: 1,
              revisions: [],
              acknowledgedAt: null,
              calibrationSessionId: null,
              ...base,
            });
          }
        }
        await put('tickets', rows);
        if (evals.length) await put('evaluations', evals);
      }
      const calls_ = [];
      for (let j = 0; j < calls; j++) {
        const p = people[j % staff]!;
        calls_.push({
          id: `bench-c-${String(j).padStart(7, '0')}`,
          agentId: p.id,
          teamId: p.teamId,
          ticketId: null,
          startedAt: new Date(now - rnd() * months * 30 * DAY).toISOString(),
          durationSec: 60 + Math.floor(rnd() * 900),
          direction: 'inbound',
          customerNumber: '',
          queue: '',
          fileName: `call-${j}.wav`,
          path: `/nowhere/call-${j}.wav`,
          contentHash: `h${j}`,
          bytes: 1,
          format: 'wav-mulaw',
          ...base,
        });
      }
      await put('recordings', calls_);
      db.close();
      return (performance.now() - started) / 1000;
    },
    { ...size, evaluations: size.evaluations ?? 0, rubric: size.rubric ?? null },
  );
}
