// Signing out of a shared PC with changes the server has not got yet (issue 19, item 6), through the window in
// zh-CN: the staff member acknowledges a corrective action while the team server is away and signs out; the console
// says the change is kept sealed for them, and their replica is gone from IndexedDB at once. The server back, they
// sign in again at the same PC: the acknowledgement goes up by itself, once.
import 'fake-indexeddb/auto';
import { expect, test } from '@playwright/test';
import { createRecord } from '@renderer/db/records';
import type { CorrectiveAction } from '@renderer/domain/model';
import zh from '@renderer/locales/zh-CN.json';
import { startTeamServer, type TeamServer } from '../../pg/team';
import { personRecord, seedDepartment, TEAM_PW, teamConsole, uuid, type Department } from '../../pg/teamConsoles';
import { signedInAt, signIn } from './teamHelpers';

let server: TeamServer;
const T1 = uuid(1), SUP = uuid(10), LEAD = uuid(11), P1 = uuid(21), ACTION = uuid(300);

test.beforeAll(async () => {
  server = await startTeamServer();
  const conn = { ...server.config, tls: 'disable' as const };
  await seedDepartment(conn, server.admin.password, {
    teams: [{ id: T1, name: '售后一组', leadId: LEAD }],
    people: [personRecord(SUP, 'supervisor', 'S010', null, { name: '李娜' }), personRecord(LEAD, 'lead', 'L011', null, { name: '王磊' }), personRecord(P1, 'staff', 'P021', T1, { name: '张伟' })] as Department['people'],
  });
  const sup = await teamConsole(conn, 'S010', SUP, 'supervisor');
  const due = new Date(Date.now() + 7 * 86_400_000).toISOString();
  await createRecord(sup.ctx, sup.ctx.db.correctiveActions, { id: ACTION, staffId: P1, teamId: T1, ownerId: LEAD, evaluationId: null, parentActionId: null, title: '按姓名称呼客户', rootCauses: ['skill'], criterionIds: [], evidence: [], plan: '练习开场白', priority: 'normal', dueAt: due, originalDueAt: due, extensions: 0, verification: { mode: 'manual' }, status: 'open', outcome: null, completedAt: null, closedAt: null, cancelReason: null, acknowledgedAt: null, followUpsFrom: null, attachments: [] } as unknown as CorrectiveAction);
  await sup.sync();
  await sup.close();
});

test.afterAll(async () => {
  await server?.destroy();
});

const replicas = (page: import('@playwright/test').Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('qa-team ')));

test('a change made offline survives sign-out sealed, leaves nothing readable, and is sent at the next sign-in', async ({ browser }) => {
  const page = await signedInAt(browser, server, 'P021', TEAM_PW);
  await page.getByTestId('nav-corrective-actions').click();
  await page.getByTestId('action-table').locator('.ant-table-row', { hasText: '按姓名称呼客户' }).click({ timeout: 30_000 });

  await server.cluster.stop('fast');
  try {
    await expect(page.getByTestId('team-status')).toHaveAttribute('data-status', 'offline', { timeout: 30_000 });
    await page.getByTestId('action-acknowledge').click();
    await expect(page.getByTestId('team-status-pending')).toBeVisible({ timeout: 10_000 });
    // The acknowledgement and its entry in the action's history: the status bar's count of changes waiting.
    const waiting = Number((await page.getByTestId('team-status-pending').innerText()).match(/\d+/)![0]);
    expect(waiting).toBeGreaterThanOrEqual(1);
    await page.keyboard.press('Escape');
    expect(await replicas(page)).toHaveLength(1);
    await page.getByTestId('sign-out').click();
    // Told what happened to the changes (as many as were waiting); nothing of the person's left in IndexedDB.
    await expect(page.getByTestId('team-sign-in')).toContainText(zh.team.sealedOnSignOut.replace('{{count}}', String(waiting)), { timeout: 20_000 });
    expect(await replicas(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/team-signed-out-sealed-zh-CN.png' });
  } finally {
    await server.cluster.start();
  }
  const acknowledged = async () => (await server.cluster.query<{ a: string | null }>(`SELECT record->>'acknowledgedAt' AS a FROM qa_console.corrective_actions WHERE id = $1`, [ACTION], 'qa_team'))[0]!.a;
  expect(await acknowledged()).toBeNull();

  await signIn(page, 'P021', TEAM_PW);
  await expect(page.getByTestId('signed-in-as')).toContainText('张伟', { timeout: 30_000 });
  await expect.poll(acknowledged, { timeout: 30_000 }).not.toBeNull();
  const entries = await server.cluster.query<{ n: number }>(`SELECT count(*)::int AS n FROM qa_console.audit_log WHERE $1 = ANY (row_ids) AND login = 'qa_u_p021'`, [ACTION], 'qa_team');
  expect(entries[0]!.n).toBe(1);
  await expect(page.getByTestId('team-status')).toHaveAttribute('data-status', 'online');
});
