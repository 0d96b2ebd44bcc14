// A shared workstation (one OS account, people taking turns; issue 19, item 6), through the window: a supervisor
// signs in, their replica pulls the department's tickets, they sign out: their replica is deleted at once; a staff
// member signs in on the same browser profile: nothing of the supervisor's is in IndexedDB, and the staff member's
// own replica holds only what their role may see.
import 'fake-indexeddb/auto';
import { expect, test, type Page } from '@playwright/test';
import { createRecord } from '@renderer/db/records';
import type { Ticket } from '@renderer/domain/model';
import { startTeamServer, type TeamServer } from '../../pg/team';
import { personRecord, seedDepartment, TEAM_PW, teamConsole, uuid, type Department } from '../../pg/teamConsoles';
import { signedInAt, signIn } from './teamHelpers';

let server: TeamServer;
const T1 = uuid(1), SUP = uuid(10), P1 = uuid(21), P2 = uuid(22);

test.beforeAll(async () => {
  server = await startTeamServer();
  const conn = { ...server.config, tls: 'disable' as const };
  await seedDepartment(conn, server.admin.password, {
    teams: [{ id: T1, name: '售后一组', leadId: null as unknown as string }],
    people: [personRecord(SUP, 'supervisor', 'S010', null, { name: '李娜' }), personRecord(P1, 'staff', 'P021', T1, { name: '张伟' }), personRecord(P2, 'staff', 'P022', T1, { name: '王芳' })] as Department['people'],
  });
  const sup = await teamConsole(conn, 'S010', SUP, 'supervisor');
  const at = new Date(Date.now() - 86_400_000).toISOString();
  for (const [n, agentId, subject] of [[1, P1, '张伟的工单'], [2, P2, '王芳的机密工单']] as const)
    await createRecord<Ticket>(sup.ctx, sup.ctx.db.tickets, { id: uuid(100 + n), source: 'helpdesk', externalId: `T-${n}`, subject, channel: 'email', priority: 'normal', category: 'system-fault', status: 'closed', agentId, teamId: T1, openedAt: at, reopenedCount: 0 } as never);
  await sup.sync();
  await sup.close();
});

test.afterAll(async () => {
  await server?.destroy();
});

/** What the page can find in IndexedDB: every database's name and, for each, its tickets' subjects. */
async function everythingReadable(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    const out: Record<string, string[]> = {};
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db: IDBDatabase = await new Promise((ok, bad) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => ok(r.result);
        r.onerror = () => bad(r.error);
      });
      out[name] = db.objectStoreNames.contains('tickets')
        ? ((await new Promise((ok) => {
            const g = db.transaction('tickets').objectStore('tickets').getAll();
            g.onsuccess = () => ok(g.result);
          })) as { subject: string }[]).map((t) => t.subject)
        : [];
      db.close();
    }
    return out;
  });
}

test('what one person pulled is gone when the next signs in at the same PC', async ({ browser }) => {
  const page = await signedInAt(browser, server, 'S010', TEAM_PW);
  await page.getByTestId('nav-tickets').click();
  await expect(page.getByTestId('ticket-table')).toContainText('王芳的机密工单');
  const before = await everythingReadable(page);
  const supReplica = Object.keys(before).find((n) => n.startsWith('qa-team qa_u_s010@'))!;
  expect(before[supReplica]).toContain('王芳的机密工单');
  await page.getByTestId('sign-out').click();
  // Gone at sign-out already (nothing was waiting to be sent), before anyone else signs in.
  await expect(page.getByTestId('team-sign-in')).toBeVisible();
  await expect.poll(async () => Object.keys(await everythingReadable(page))).not.toContain(supReplica);

  await signIn(page, 'P021', TEAM_PW);
  await expect(page.getByTestId('signed-in-as')).toContainText('张伟', { timeout: 30_000 });
  const after = await everythingReadable(page);
  expect(Object.keys(after)).not.toContain(supReplica);
  expect(Object.values(after).flat()).not.toContain('王芳的机密工单');
  const own = Object.keys(after).find((n) => n.startsWith('qa-team qa_u_p021@'))!;
  expect(after[own]).toEqual(['张伟的工单']);
});
