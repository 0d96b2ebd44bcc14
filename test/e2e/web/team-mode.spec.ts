// Team mode through the window: two workstations (two browser profiles, each its own installation and IndexedDB)
// on one throwaway PostgreSQL. The supervisor joins the server at first run, signs in with the one-time password
// the admin handed out and sets their own; the staff member signs in on the other workstation. The supervisor
// scores the staff member's ticket, it appears in the staff member's "My scores" with nobody pressing anything; the
// staff member disputes it; the dispute appears in the supervisor's review page. Then the server goes away: the
// staff member keeps working (an acknowledgement, shown pending), and when the server is back it is sent once.
// Screenshots of both screens in zh-CN.
import 'fake-indexeddb/auto';
import { expect, test, type Page } from '@playwright/test';
import { createRecord } from '@renderer/db/records';
import { createRubric, publishVersion } from '@renderer/db/rubrics';
import { RUBRIC_TEMPLATES } from '@renderer/domain/rubricTemplates';
import type { Ticket } from '@renderer/domain/model';
import zh from '@renderer/locales/zh-CN.json';
import { TeamSession } from '../../../src-main/services/teamSync';
import { provisionLogin } from '../../../src-main/services/teamServer';
import { startTeamServer, type TeamServer } from '../../pg/team';
import { personRecord, seedDepartment, TEAM_PW, teamConsole, uuid, type Department } from '../../pg/teamConsoles';
import { choose } from './helpers';
import { join as joinServer, setOwnPassword, signIn, workstation } from './teamHelpers';

let server: TeamServer;
let oneTime = '';
const T1 = uuid(1), SUP = uuid(10), SEEDER = uuid(19), LEAD = uuid(11), STAFF = uuid(21), TICKET = uuid(100);
const SUP_PASSWORD = 'li-na-own-pass-1';

test.beforeAll(async () => {
  server = await startTeamServer();
  const conn = { ...server.config, tls: 'disable' as const };
  await seedDepartment(conn, server.admin.password, {
    teams: [{ id: T1, name: '售后一组', leadId: LEAD }],
    people: [
      personRecord(LEAD, 'lead', 'L011', null, { name: '王磊' }),
      personRecord(STAFF, 'staff', 'P021', T1, { name: '张伟' }),
      personRecord(SEEDER, 'supervisor', 'S099', null, { name: '赵敏' }),
    ] as Department['people'],
  });
  // The supervisor who signs in through the window: a one-time password, as the admin hands it out.
  const admin = await TeamSession.signIn(conn, 'A001', server.admin.password);
  expect(await admin.write({ id: 'e2e-sup', ops: [{ table: 'people', kind: 'create', id: SUP, baseRev: null, record: personRecord(SUP, 'supervisor', 'S010', null, { name: '李娜' }) }] })).toMatchObject({ status: 'applied' });
  oneTime = (await admin.run((c) => provisionLogin(c, SUP))).password;
  await admin.close();
  // What the department already has, made by another supervisor's console (the real repository code, in Node):
  // the published ticket rubric and one of the staff member's tickets.
  const seeder = await teamConsole(conn, 'S099', SEEDER, 'supervisor');
  const template = RUBRIC_TEMPLATES.find((t) => t.id === 'ticket-handling' && t.lang === 'zh-CN')!;
  const { version } = await createRubric(seeder.ctx, template.definition);
  await publishVersion(seeder.ctx, version.id);
  const at = new Date(Date.now() - 86_400_000).toISOString();
  await createRecord<Ticket>(seeder.ctx, seeder.ctx.db.tickets, {
    id: TICKET, source: 'helpdesk', externalId: 'T-20261130-017', subject: '打印机无法连接无线网络', channel: 'email', priority: 'normal', category: 'system-fault', status: 'closed',
    agentId: STAFF, teamId: T1, customerName: '陈女士', product: 'LaserJet M232', openedAt: at, firstResponseAt: at, resolvedAt: at, reopenedCount: 0, csat: 4,
  } as never);
  await seeder.sync();
  await seeder.close();
});

test.afterAll(async () => {
  await server?.destroy();
});

const join = (page: Page) => joinServer(page, server);

const serverRecord = async (table: string, id: string) =>
  (await server.cluster.query<{ record: Record<string, unknown> }>(`SELECT record FROM qa_console.${table} WHERE id = $1`, [id], 'qa_team'))[0]?.record;

test('two workstations on one team server: score → the staff member sees it → disputes → the supervisor sees the dispute; offline work replayed once', async ({ browser }) => {
  const sup = await workstation(browser);
  await join(sup);
  await sup.screenshot({ path: 'test-results/team-sign-in-zh-CN.png' });
  // A wrong password is said on the field, in the reader's language; what was typed in the number stays.
  await signIn(sup, 'S010', 'not-the-password');
  await expect(sup.getByTestId('team-sign-in')).toContainText(zh.team.errors.wrongPassword);
  await expect(sup.getByTestId('team-employee-no')).toHaveValue('S010');
  await signIn(sup, 'S010', oneTime);
  // The one-time password opens nothing until the supervisor sets their own.
  await setOwnPassword(sup, SUP_PASSWORD);
  await expect(sup.getByTestId('signed-in-as')).toContainText('李娜', { timeout: 30_000 });
  await expect(sup.getByTestId('team-status')).toHaveAttribute('data-status', 'online', { timeout: 15_000 });

  const staff = await workstation(browser);
  await join(staff);
  await signIn(staff, 'P021', TEAM_PW);
  await expect(staff.getByTestId('signed-in-as')).toContainText('张伟', { timeout: 30_000 });
  await staff.getByTestId('nav-my-scores').click();
  await expect(staff.getByTestId('page-my-scores')).toBeVisible();

  // The supervisor scores the staff member's ticket with the keyboard.
  await sup.getByTestId('nav-tickets').click();
  await sup.getByTestId('ticket-table').locator('.ant-table-row', { hasText: '打印机无法连接无线网络' }).click();
  await sup.getByTestId('score-item').click();
  await expect(sup.getByTestId('scorecard')).toBeVisible();
  for (const k of ['1', '3', '4', '4', '2', '0']) await sup.keyboard.press(k);
  await sup.keyboard.press('Control+Enter');
  await expect(sup.getByTestId('review-done')).toBeVisible();
  const submittedAt = Date.now();

  // It reaches the staff member's screen by itself (the change notice, then the pull).
  const list = staff.getByTestId('my-evaluation-list');
  await expect(list.locator('.ant-table-row')).toHaveCount(1, { timeout: 10_000 });
  const seenAfter = Date.now() - submittedAt;
  console.log(`[team E2E] the evaluation was on the staff member's screen ${seenAfter} ms after the supervisor submitted it`);
  await staff.screenshot({ path: 'test-results/team-staff-my-scores-zh-CN.png' });

  await list.locator('.ant-table-row').first().click();
  await staff.getByTestId('dispute').click();
  await choose(staff, 'dispute-criterion', '与客户确认后结单');
  // The criterion's list has closed before the level's opens (both are in the page while one animates out).
  await expect(staff.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await staff.getByTestId('dispute-level').click();
  await staff.locator('.ant-select-dropdown:visible .ant-select-item-option').last().click();
  await staff.getByTestId('dispute-reason').fill('客户来电确认后我才结单的，通话记录里有。');
  await staff.getByTestId('send-dispute').click();
  await expect(staff.getByTestId('send-dispute')).toBeHidden();
  await staff.keyboard.press('Escape');

  // The supervisor's review page shows it, found by what the staff member wrote.
  await sup.getByTestId('nav-review').click();
  await expect(sup.getByTestId('disputes').locator('.ant-table-row', { hasText: '客户来电确认后我才结单的' })).toHaveCount(1, { timeout: 10_000 });
  await sup.screenshot({ path: 'test-results/team-supervisor-dispute-zh-CN.png' });

  // The server goes away: the staff member keeps working; the acknowledgement waits, shown as pending.
  await server.cluster.stop('fast');
  try {
    await expect(staff.getByTestId('team-status')).toHaveAttribute('data-status', 'offline', { timeout: 30_000 });
    await list.locator('.ant-table-row').first().click();
    await staff.getByTestId('acknowledge').click();
    await expect(staff.getByTestId('team-status-pending')).toBeVisible({ timeout: 10_000 });
    await staff.keyboard.press('Escape');
    await staff.screenshot({ path: 'test-results/team-staff-offline-zh-CN.png' });
  } finally {
    await server.cluster.start();
  }
  // Back: "Sync now" sends it at once (the schedule would within its retry pause); exactly once on the server.
  await staff.getByTestId('team-status').click();
  await expect(staff.getByTestId('team-card')).toBeVisible();
  await staff.getByTestId('team-sync-now').click();
  await expect(staff.getByTestId('team-card-pending')).toHaveText('0', { timeout: 30_000 });
  await expect(staff.getByTestId('team-status')).toHaveAttribute('data-status', 'online');
  await staff.screenshot({ path: 'test-results/team-staff-settings-zh-CN.png' });
  const evaluations = await server.cluster.query<{ id: string; record: Record<string, unknown> }>(`SELECT id, record FROM qa_console.evaluations`, [], 'qa_team');
  expect(evaluations).toHaveLength(1);
  expect(evaluations[0]!.record.acknowledgedAt).toBeTruthy();
  const acks = await server.cluster.query<{ n: number }>(`SELECT count(*)::int AS n FROM qa_console.audit_log WHERE $1 = ANY (row_ids) AND login = 'qa_u_p021'`, [evaluations[0]!.id], 'qa_team');
  expect(acks[0]!.n).toBe(1);
  expect(await serverRecord('disputes', (await server.cluster.query<{ id: string }>(`SELECT id FROM qa_console.disputes`, [], 'qa_team'))[0]!.id)).toMatchObject({ agentId: STAFF, status: 'open' });
  // And the supervisor's screen has the acknowledgement too.
  await expect(sup.getByTestId('team-status')).toHaveAttribute('data-status', 'online', { timeout: 30_000 });
});
