// Every exported repository function, called as a staff member against a teammate's and another team's records,
// and as a team lead against another team's: each refuses, or answers without anything of theirs, and changes
// nothing of theirs. A new exported function without a case here fails the first test.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Table } from 'dexie';
import * as appraisal from '@renderer/db/appraisal';
import * as appraisalReviews from '@renderer/db/appraisalReviews';
import * as appraisalLock from '@renderer/db/appraisalLock';
import * as appraisalOutbox from '@renderer/db/appraisalOutbox';
import * as audit from '@renderer/db/audit';
import * as auth from '@renderer/db/auth';
import * as backup from '@renderer/db/backup';
import * as calibration from '@renderer/db/calibration';
import * as callLegs from '@renderer/db/callLegs';
import * as context from '@renderer/db/context';
import * as correctiveActions from '@renderer/db/correctiveActions';
import * as dashboard from '@renderer/db/dashboard';
import * as home from '@renderer/db/home';
import * as followUps from '@renderer/db/followUps';
import * as demo from '@renderer/db/demo';
import * as evaluations from '@renderer/db/evaluations';
import * as imports from '@renderer/db/imports';
import * as myScores from '@renderer/db/myScores';
import * as notifications from '@renderer/db/notifications';
import * as passwords from '@renderer/db/passwords';
import * as people from '@renderer/db/people';
import * as recordings from '@renderer/db/recordings';
import * as records from '@renderer/db/records';
import * as rubrics from '@renderer/db/rubrics';
import * as sampling from '@renderer/db/sampling';
import * as samplePlans from '@renderer/db/samplePlans';
import * as samplePopulation from '@renderer/db/samplePopulation';
import * as reviewQueue from '@renderer/db/reviewQueue';
import * as scoped from '@renderer/db/scoped';
import * as settings from '@renderer/db/settings';
import * as tickets from '@renderer/db/tickets';
import * as directory from '@renderer/db/directory';
import * as workspace from '@renderer/db/workspace';
import * as access from '@renderer/db/access';
import type { RepoContext } from '@renderer/db/context';
import type { Assignment, CorrectiveAction, Evaluation, Person, Recording, Ticket } from '@renderer/domain/model';
import { loadSmallDemo, realHasher } from '../fixtures';
import * as replica from '@renderer/db/replica';
import { weekOf } from '@renderer/domain/evaluationStats';
import { defaultFilters } from '@renderer/domain/dashboard';

const MODULES = { replica, dashboard, home, appraisal, appraisalReviews, appraisalLock, appraisalOutbox, audit, auth, backup, calibration, callLegs, context, correctiveActions, demo, directory, followUps, evaluations, imports, myScores, notifications, passwords, people, recordings, records, rubrics, sampling, samplePlans, samplePopulation, reviewQueue, scoped, settings, tickets, workspace, access };

/** Functions that take no session (pure, or the database itself for system work before or around sign-in), and why. */
const NO_SESSION: Record<string, string> = {
  'appraisal.periodOrThrow': 'pure: a period key to its bounds',
  'appraisal.isReviewer': 'a check itself',
  'appraisal.mayViewTeam': 'a check itself',
  'appraisalOutbox.backoffMs': 'pure: a retry delay',
  'audit.verifyAuditLog': 'takes the database: checks the hash chain, shows no content (Settings, any role)',
  'auth.isFirstRun': 'takes the database: is there an admin yet (before sign-in)',
  'auth.workspaceAccounts': 'takes the database: what main is told at start and after a restore (main decides sign-in)',
  'auth.sessionScopeFor': 'takes the database: the scope of a person main signed in',
  'auth.confirmPassword': 'takes the database: main checks the signed-in person’s password',
  'auth.signIn': 'sign-in itself, before any session (main decides)',
  'backup.makeBackup': 'takes the database: run in a worker for an admin or supervisor (main refuses others the file)',
  'backup.checkBackup': 'pure: validates a backup’s text',
  'backup.restoreBackup': 'takes the database: run in a worker after main handed an admin the backup',
  'context.newId': 'pure: an id',
  'context.cryptoRandomBytes': 'pure: random bytes',
  'context.nowIso': 'pure: the clock',
  'followUps.followUpsOutstanding': 'pure: a count on an action',
  'passwords.checkPassword': 'pure: a length rule',
  'rubrics.exportRubric': 'pure: a version as JSON',
  'imports.loadDirectory': 'takes the database: the people directory of an import the importer already passed requireImporter for',
  'imports.updatePreview': 'takes the database: the dry run of an import, in the worker the importer opened (counts only, no content)',
  'imports.carriedFields': 'pure: the fields a mapping feeds',
  'settings.readSettings': 'takes the database: the console settings every role runs by (no personal data)',
  'samplePopulation.drawWithMeta': 'works on a population a planner already read (planPopulation checks)',
  'samplePopulation.populationDigest': 'pure: a digest of candidate ids',
  'records.stampNew': 'pure: base fields for a new record',
  'records.writeRecords': 'the write path itself: db/ modules call it after their own checks; features may not import it (layer rule)',
  'records.onRecordsWritten': 'a listener on committed writes (ids and table only), for the sync',
  'records.applyReplicated': 'the team server’s rows into the replica: what row-level security let this login read (the server is the scope); called by db/replica only',
  'replica.pull': 'team mode: reads through the port, which is the signed-in person’s own server login (row-level security is the scope)',
  'replica.push': 'team mode: sends what this session wrote; the server checks each row against the login’s policies',
  'replica.reconcile': 'team mode: drops rows the server no longer shows this login',
  'replica.outboxState': 'team mode: this workstation’s own outbox (what its people wrote)',
  'replica.firstSyncDone': 'team mode: reads the replica’s own cursor, no record',
  'replica.leaveReplica': 'team mode, at sign-out: hands the person’s own outbox to main sealed for them, then deletes their own replica',
  'replica.restoreSealedChanges': 'team mode, at sign-in: puts the person’s own changes (main gives them to that login only) back into their new replica',
  'replica.removeOtherReplicas': 'team mode, before a sign-in opens its replica: deletes other people’s replica databases on this profile (their unsent outbox rows handed to main sealed for their owner)',
  'replica.resolveConflict': 'team mode: this workstation’s own outbox row; the chosen record goes through the write path and the server checks it against the login’s policies',
  'replica.discardChange': 'team mode: drops this workstation’s own outbox row and puts back what the server shows this login',
  'replica.mergeEvaluationConflicts': 'team mode: merges this workstation’s own outbox rows with the server’s versions; the server checks the result',
  'access.isPlanner': 'a check itself',
  'samplePlans.requirePlanner': 'a check itself',
  'access.mayReadPerson': 'a check itself',
  'access.mayReadItem': 'a check itself',
  'access.inCalibrationSession': 'a check itself',
  'access.requireActor': 'a check itself',
  'access.requireRoles': 'a check itself',
  'access.requireReadablePerson': 'a check itself',
};

type World = Awaited<ReturnType<typeof world>>;
type Who = { ctx: RepoContext; foreign: Person[]; foreignTeamIds: string[] };
type Case = (w: World, who: Who) => unknown[];

async function world() {
  const w = await loadSmallDemo();
  const sup = w.people.find((p) => p.role === 'supervisor')!;
  const supCtx = await w.as(sup.id);
  const teams = await w.ctx.db.teams.toArray();
  const [teamA, teamB] = teams;
  const staffOf = (teamId: string) => w.people.filter((p) => p.role === 'staff' && p.teamId === teamId);
  const [staff, teammate] = staffOf(teamA!.id);
  const other = staffOf(teamB!.id)[0]!;
  const lead = w.people.find((p) => p.id === teamA!.leadId)!;
  const ticketOf = async (p: Person) => (await w.ctx.db.tickets.where('[agentId+openedAt]').between([p.id, ''], [p.id, '\uffff']).first())!;
  const callOf = async (p: Person) => (await w.ctx.db.recordings.where('[agentId+startedAt]').between([p.id, ''], [p.id, '\uffff']).first()) ?? null;
  const evalOf = async (p: Person) => (await w.ctx.db.evaluations.where('[agentId+occurredAt]').between([p.id, ''], [p.id, '\uffff']).filter((e) => e.status === 'submitted').first())!;
  const version = (await rubrics.publishedRubrics(supCtx))[0]!;
  // A corrective action, a queued assignment and an appraisal period row for each foreign person.
  const items = new Map<string, { ticket: Ticket; call: Recording | null; evaluation: Evaluation; action: CorrectiveAction; assignment: Assignment }>();
  for (const p of [teammate!, other]) {
    const ticket = await ticketOf(p);
    const evaluation = await evalOf(p);
    const action = await correctiveActions.createAction(supCtx, {
      staffId: p.id,
      title: `Action about ${p.name}`,
      rootCauses: ['skill'],
      criterionIds: [],
      plan: 'Practise the greeting.',
      priority: 'normal',
      dueDate: '2026-12-20',
      verification: { kind: 'manual' },
    });
    const assignment = records.stampNew<Assignment>(supCtx, {
      runId: 'run-x',
      itemKind: 'ticket',
      itemId: ticket.id,
      agentId: p.id,
      teamId: p.teamId,
      reviewerId: sup.id,
      dueAt: '2026-12-10T00:00:00.000Z',
      status: 'open',
      reason: { kind: 'random' },
      expectedMinutes: 10,
      blind: false,
    } as never);
    await w.ctx.db.assignments.add(assignment);
    // Each has a call on that ticket (the demo links only some).
    let call = await callOf(p);
    if (!call) {
      call = records.stampNew<Recording>(supCtx, { agentId: p.id, startedAt: ticket.openedAt, fileName: `${p.id}.wav`, ticketId: ticket.id } as never);
      await w.ctx.db.recordings.add(call);
    } else await w.ctx.db.recordings.update(call.id, { ticketId: ticket.id });
    call = (await w.ctx.db.recordings.get(call.id))!;
    items.set(p.id, { ticket, call, evaluation, action, assignment });
  }
  const key = '2026-10';
  await appraisalReviews.setReviewed(supCtx, teamB!.id, key, other.id, true);
  const session = await calibration.createCalibrationSession(supCtx, {
    name: 'Cal',
    rubricVersionId: version.id,
    items: [{ kind: 'ticket', id: items.get(other.id)!.ticket.id }],
    reviewerIds: [sup.id, teamB!.leadId!],
    reference: false,
  } as never);
  // Every record id of the foreign people, for the leak check (a list can leak any of them, not just the first).
  const ownedIds = new Map<string, string[]>();
  for (const p of [teammate!, other]) {
    const ids = await Promise.all([
      w.ctx.db.tickets.where('[agentId+openedAt]').between([p.id, ''], [p.id, '\uffff']).primaryKeys(),
      w.ctx.db.recordings.where('[agentId+startedAt]').between([p.id, ''], [p.id, '\uffff']).primaryKeys(),
      w.ctx.db.evaluations.where('[agentId+occurredAt]').between([p.id, ''], [p.id, '\uffff']).primaryKeys(),
    ]);
    ownedIds.set(p.id, ids.flat() as string[]);
  }
  return { ...w, sup, supCtx, staff: staff!, teammate: teammate!, other, lead, teamA: teamA!, teamB: teamB!, items, version, key, session, ownedIds };
}

const first = <T>(xs: T[]) => xs[0]!;
const item = (w: World, who: Who) => w.items.get(first(who.foreign).id)!;
const signer = async () => ({ keyId: '0'.repeat(16), publicKey: 'x'.repeat(44), signatures: [] as string[] });
const noPush = async () => {
  throw new Error('no push in this test');
};

/** For each function: the arguments that aim it at someone else's records (the first foreign person, or their team). */
const CASES: Record<string, Case> = {
  'appraisal.periodRow': (w, who) => [who.ctx, first(who.foreignTeamIds), w.key],
  'appraisal.periodView': (w, who) => [who.ctx, first(who.foreignTeamIds), w.key],
  'appraisalReviews.setReviewed': (w, who) => [who.ctx, first(who.foreignTeamIds), w.key, first(who.foreign).id, true],
  'appraisalReviews.saveAssessment': (w, who) => [who.ctx, { periodKey: w.key, staffId: first(who.foreign).id, kind: 'supervisor', scores: { work: 90, attitude: 90, ability: 90 }, note: 'n' }],
  'appraisalReviews.assessmentOf': (w, who) => [who.ctx, w.key, first(who.foreign).id, 'supervisor'],
  'appraisalLock.lockPeriod': (w, who) => [who.ctx, first(who.foreignTeamIds), w.key, signer],
  'appraisalLock.amendRecord': (w, who) => [who.ctx, first(who.foreignTeamIds), w.key, first(who.foreign).id, 'reason', signer],
  'appraisalOutbox.outboxSummary': (_w, who) => [who.ctx],
  'appraisalOutbox.runSync': (_w, who) => [who.ctx, noPush],
  'appraisalOutbox.retryNow': (_w, who) => [who.ctx, []],
  'appraisalOutbox.reconcilePeriod': (w, who) => [who.ctx, w.key, async () => []],
  'appraisalLock.lockedRecords': (w, who) => [who.ctx, w.key, who.foreignTeamIds],
  'appraisal.sheetSources': (_w, who) => [who.ctx, first(who.foreign).id, { qa: { evaluationIds: [] }, sla: { ticketIds: [] } }],
  'appraisalLock.myRecord': (w, who) => [who.ctx, w.key],
  'audit.appendAudit': (_w, who) => [who.ctx, { action: 'probe', entity: 'probe', entityId: null }],
  'audit.auditTrail': (w, who) => [who.ctx, [{ entity: 'evaluations', entityId: item(w, who).evaluation.id }]],
  'auth.createFirstAdmin': (_w, who) => [who.ctx, { name: 'X', email: 'x@example.com', employeeNo: 'X1' }, 'password-x', realHasher],
  'auth.setPassword': (_w, who) => [who.ctx, first(who.foreign).id, 'taken-over-1', realHasher],
  'calibration.createCalibrationSession': (w, who) => [who.ctx, { name: 'c', rubricVersionId: w.version.id, items: [{ kind: 'ticket', id: item(w, who).ticket.id }], reviewerIds: [], reference: false }],
  'calibration.listCalibrationSessions': (_w, who) => [who.ctx],
  'calibration.closeCalibrationSession': (w, who) => [who.ctx, w.session.id],
  'calibration.myCalibrationProgress': (w, who) => [who.ctx, w.session.id],
  'calibration.calibrationSessionReport': (w, who) => [who.ctx, w.session.id],
  'calibration.leniencyOverTime': (_w, who) => [who.ctx],
  'calibration.calibrationRecording': (w, who) => [who.ctx, w.session.id, item(w, who).call?.id ?? 'none'],
  'calibration.calibrationTicket': (w, who) => [who.ctx, w.session.id, item(w, who).ticket.id],
  'correctiveActions.createAction': (_w, who) => [who.ctx, { staffId: first(who.foreign).id, title: 't', rootCauses: ['skill'], criterionIds: [], plan: 'p', priority: 'normal', dueDate: '2026-12-20', verification: { kind: 'manual' } }],
  'correctiveActions.prefillFromEvaluation': (w, who) => [who.ctx, item(w, who).evaluation.id, w.version.definition],
  'correctiveActions.listActions': (_w, who) => [who.ctx],
  // The whole quarter, aimed at the foreign person (and, without a person filter, at everything in reach).
  'dashboard.dashboardInput': (_w, who) => [who.ctx, { ...defaultFilters('2026-10-15'), period: { kind: 'quarter', anchor: '2026-10-15' }, personIds: [first(who.foreign).id] }],
  'dashboard.dashboardChoices': (_w, who) => [who.ctx],
  'dashboard.dashboardFor': (_w, who) => [who.ctx, { ...defaultFilters('2026-10-15'), period: { kind: 'quarter', anchor: '2026-10-15' } }],
  'home.reviewerWork': (_w, who) => [who.ctx],
  'home.leadHome': (_w, who) => [who.ctx],
  'home.staffHome': (_w, who) => [who.ctx],
  'home.adminHome': (_w, who) => [who.ctx],
  'dashboard.evaluationsBehind': (w, who) => [who.ctx, [item(w, who).evaluation.id]],
  'correctiveActions.actionDetail': (w, who) => [who.ctx, item(w, who).action.id],
  'correctiveActions.transitionAction': (w, who) => [who.ctx, item(w, who).action.id, { type: 'start' }],
  'correctiveActions.extendDeadline': (w, who) => [who.ctx, item(w, who).action.id, '2027-01-20', 'more time'],
  'correctiveActions.commentAction': (w, who) => [who.ctx, item(w, who).action.id, 'a comment'],
  'correctiveActions.acknowledgeAction': (w, who) => [who.ctx, item(w, who).action.id],
  'followUps.pendingFollowUps': (_w, who) => [who.ctx, who.foreign.map((p) => p.id)],
  'correctiveActions.linkFollowUps': (w, who) => [who.ctx, item(w, who).action.id, [], 'probe'],
  'followUps.followUpKinds': (w, who) => [who.ctx, [item(w, who).action]],
  'correctiveActions.requestFollowUps': (w, who) => [who.ctx, item(w, who).action.id, { count: 1, reviewerId: null }],
  'correctiveActions.editAction': (w, who) => [who.ctx, item(w, who).action.id, { title: 'edited' }],
  'demo.loadDemoWorkspace': (_w, who) => [who.ctx, { size: 'small', hasher: realHasher, writeRecordings: async () => [] }],
  'evaluations.openDraft': (w, who) => {
    const t = item(w, who).ticket;
    return [who.ctx, { kind: 'ticket', id: t.id, agentId: who.ctx.actor!.personId, teamId: null, occurredAt: t.openedAt }, w.version.id];
  },
  'evaluations.saveDraftState': (w, who) => [who.ctx, item(w, who).evaluation.id, { answers: {}, comments: [], feedback: 'x' }],
  'evaluations.submitEvaluation': (w, who) => [who.ctx, item(w, who).evaluation.id],
  'evaluations.reviseEvaluation': (w, who) => [who.ctx, item(w, who).evaluation.id, {}, 'a reason'],
  'evaluations.acknowledgeEvaluation': (w, who) => [who.ctx, item(w, who).evaluation.id],
  'evaluations.disputeEvaluation': (w, who) => [who.ctx, item(w, who).evaluation.id, [{ criterionId: Object.keys(item(w, who).evaluation.answers)[0], proposedValue: 1, reason: 'unfair' }]],
  'evaluations.resolveDispute': (w, who) => [who.ctx, 'dispute-of-' + first(who.foreign).id, { outcome: 'upheld' }, 'reply'],
  'evaluations.submittedFor': (w, who) => [who.ctx, item(w, who).evaluation.id],
  'evaluations.listMyEvaluations': (_w, who) => [who.ctx],
  'evaluations.scoredItems': (_w, who) => [who.ctx],
  'imports.startImportRun': (_w, who) => [who.ctx, { kind: 'tickets', source: 's', fileName: 'f.csv', label: 'l' }],
  'imports.finishImportRun': (_w, who) => [who.ctx, 'run-x', 'completed', { created: 0, updated: 0, unchanged: 0, failed: 0 }, []],
  'imports.upsertTickets': (w, who) => [who.ctx, [{ ...item(w, who).ticket, subject: 'overwritten' }], [], 'run-x'],
  'imports.listImportRuns': (_w, who) => [who.ctx],
  'imports.findPreset': (_w, who) => [who.ctx, 'tickets', 'sig'],
  'imports.listPresets': (_w, who) => [who.ctx, 'tickets'],
  'imports.rememberPresetValues': (_w, who) => [who.ctx, 'tickets', 'sig', { vocabularies: {}, agentLinks: {} }],
  'imports.savePreset': (_w, who) => [who.ctx, { kind: 'tickets', name: 'p', signature: 's', mapping: {} }],
  'imports.runTicketImport': (_w, who) => [who.ctx, {}, {}],
  'imports.undoImportRun': (_w, who) => [who.ctx, 'run-x'],
  'myScores.myEvaluations': (_w, who) => [who.ctx],
  'myScores.myDisputes': (_w, who) => [who.ctx],
  'myScores.teamWeeklyMeans': (_w, who) => [who.ctx, first(who.foreignTeamIds)],
  'myScores.rubricDefinitions': (w, who) => [who.ctx, [w.version.id]],
  'myScores.openDisputes': (_w, who) => [who.ctx],
  'notifications.refreshReminders': (_w, who) => [who.ctx],
  'notifications.listNotifications': (_w, who) => [who.ctx],
  'notifications.markNotificationsRead': (_w, who) => [who.ctx],
  'people.validatePerson': (_w, who) => [who.ctx, { name: 'Probe', email: first(who.foreign).email, employeeNo: 'P-1', teamId: null, role: 'staff' }],
  'people.createPerson': (_w, who) => [who.ctx, { name: 'Probe', email: 'probe@example.com', employeeNo: 'P-2', teamId: first(who.foreignTeamIds), role: 'admin' }, 'password-1', realHasher],
  'people.createTeamPerson': (_w, who) => [who.ctx, { name: 'Probe', email: 'probe3@example.com', employeeNo: 'P-3', teamId: first(who.foreignTeamIds), role: 'admin' }],
  'people.updatePerson': (_w, who) => [who.ctx, first(who.foreign).id, { name: 'Renamed', email: first(who.foreign).email, employeeNo: first(who.foreign).employeeNo, teamId: null, role: 'admin' }],
  'people.setPersonActive': (_w, who) => [who.ctx, first(who.foreign).id, false],
  'people.listPeople': (_w, who) => [who.ctx],
  'people.listTeams': (_w, who) => [who.ctx],
  'people.saveTeam': (_w, who) => [who.ctx, { id: first(who.foreignTeamIds), name: 'Taken', leadId: who.ctx.actor!.personId }],
  'recordings.saveRecordingResults': (_w, who) => [who.ctx, [], new Map(), 'run-x', async () => undefined],
  'recordings.saveTranscripts': (w, who) => [who.ctx, [{ fileName: `${item(w, who).call?.fileName ?? 'x.wav'}.vtt`, parsed: { segments: [], names: [item(w, who).call?.id ?? 'x'], problems: [], timed: true, language: 'en' } }]],
  'recordings.listRecordings': (_w, who) => [who.ctx],
  'recordings.editRecordings': (w, who) => [who.ctx, [item(w, who).call?.id ?? 'none'], { direction: 'outbound' }],
  'callLegs.joinCallLegs': (w, who) => [who.ctx, async () => ({ ok: false, code: 'io', file: null, detail: 'no main here' }), item(w, who).call?.id ?? 'none', 'other-leg'],
  'callLegs.splitCall': (w, who) => [who.ctx, item(w, who).call?.id ?? 'none'],
  'callLegs.joinImportedLegs': (_w, who) => [who.ctx, async () => ({ ok: false, code: 'io', file: null, detail: 'no main here' }), new Map()],
  'recordings.recordingDetail': (w, who) => [who.ctx, item(w, who).call?.id ?? 'none'],
  'recordings.runRecordingImport': (_w, who) => [who.ctx, {}, [], { label: 'l', copyToLibrary: false, meta: new Map(), metaIssues: [], actorName: 'x' }],
  'records.createRecord': (w, who) => [who.ctx, w.ctx.db.evaluations, { agentId: first(who.foreign).id, itemId: 'x', status: 'submitted', score: 0 }],
  'records.updateRecord': (w, who) => [who.ctx, w.ctx.db.tickets, item(w, who).ticket.id, { subject: 'overwritten' }],
  'records.softDeleteRecord': (w, who) => [who.ctx, w.ctx.db.correctiveActions, item(w, who).action.id],
  'rubrics.createRubric': (w, who) => [who.ctx, w.version.definition],
  'rubrics.saveDraft': (w, who) => [who.ctx, w.version.id, w.version.definition],
  'rubrics.startNewVersion': (w, who) => [who.ctx, w.version.rubricId],
  'rubrics.publishVersion': (w, who) => [who.ctx, w.version.id],
  'rubrics.retireRubric': (w, who) => [who.ctx, w.version.rubricId],
  'rubrics.duplicateRubric': (w, who) => [who.ctx, w.version.id, 'copy'],
  'rubrics.importRubric': (w, who) => [who.ctx, JSON.stringify(w.version.definition)],
  'rubrics.listRubrics': (_w, who) => [who.ctx],
  'rubrics.listVersions': (w, who) => [who.ctx, w.version.rubricId],
  'rubrics.publishedRubrics': (_w, who) => [who.ctx],
  'samplePlans.createPlan': (_w, who) => [who.ctx, {}],
  'samplePlans.updatePlan': (_w, who) => [who.ctx, 'plan-x', {}],
  'samplePlans.listPlans': (_w, who) => [who.ctx],
  'samplePopulation.planPopulation': (_w, who) => [who.ctx, { channels: [], categories: [], priorities: [] }, { start: 0, end: Date.now() }, who.foreign],
  'sampling.previewRun': (_w, who) => [who.ctx, 'plan-x'],
  'sampling.commitRun': (_w, who) => [who.ctx, {}],
  'samplePopulation.coveredPeople': (_w, who) => [who.ctx, { filter: { teamIds: [], personIds: [] } }, { start: 0, end: Date.now() }, 'Asia/Shanghai'],
  'samplePopulation.labelsOf': (w, who) => [who.ctx, [item(w, who).ticket.id]],
  'samplePopulation.followUpPicks': (_w, who) => [who.ctx, { candidates: [], metaOf: async () => new Map() }, who.foreign, 1, new Set()],
  'sampling.duePlans': (_w, who) => [who.ctx],
  'sampling.commitDueRuns': (_w, who) => [who.ctx],
  'reviewQueue.myQueue': (_w, who) => [who.ctx],
  'reviewQueue.itemLabels': (w, who) => [who.ctx, [item(w, who).assignment]],
  'reviewQueue.queueActions': (w, who) => [who.ctx, [item(w, who).assignment]],
  'sampling.runDetail': (_w, who) => [who.ctx, 'run-x'],
  'sampling.verifyRun': (_w, who) => [who.ctx, 'run-x'],
  'sampling.runProgress': (_w, who) => [who.ctx, ['run-x']],
  'sampling.samplingReason': (w, who) => [who.ctx, item(w, who).ticket.id],
  'reviewQueue.reassignItem': (w, who) => [who.ctx, item(w, who).assignment.id, who.ctx.actor!.personId, 'mine now'],
  'reviewQueue.replaceItem': (w, who) => [who.ctx, item(w, who).assignment.id, 'replace it'],
  'scoped.readablePersonIds': (_w, who) => [who.ctx],
  'scoped.listOwnedBy': (_w, who) => [who.ctx, 'evaluations', first(who.foreign).id],
  'scoped.listVisible': (_w, who) => [who.ctx, 'tickets'],
  'scoped.getOwned': (w, who) => [who.ctx, 'tickets', item(w, who).ticket.id],
  'settings.writeSetting': (_w, who) => [who.ctx, 'lockoutThreshold', 99],
  'settings.saveValueLists': (_w, who) => [who.ctx, { category: [{ value: 'probe', labels: { en: 'Probe', 'zh-CN': '探测' }, words: [] }], status: [] }],
  'tickets.listTickets': (_w, who) => [who.ctx],
  'tickets.ticketIdsWithRecordings': (_w, who) => [who.ctx],
  'tickets.ticketDetail': (w, who) => [who.ctx, item(w, who).ticket.id],
  'directory.directoryPeople': (_w, who) => [who.ctx],
  'directory.personNames': (_w, who) => [who.ctx],
  'directory.directoryTeams': (_w, who) => [who.ctx],
  'workspace.workspaceName': (_w, who) => [who.ctx],
  'workspace.workspaceCounts': (_w, who) => [who.ctx],
  'workspace.sessionSettings': (_w, who) => [who.ctx],
  'workspace.checkAuditChain': (_w, who) => [who.ctx],
  'workspace.accountsForMain': (_w, who) => [who.ctx],
  'workspace.importDirectory': (_w, who) => [who.ctx],
  'workspace.currentScope': (_w, who) => [who.ctx, first(who.foreign)],
  'workspace.confirmOwnPassword': (_w, who) => [who.ctx, 'wrong-password', realHasher],
  'rubrics.rubricVersion': (w, who) => [who.ctx, w.version.id],
  'rubrics.allRubricVersions': (_w, who) => [who.ctx],
  'evaluations.evaluationWithVersion': (w, who) => [who.ctx, item(w, who).evaluation.id],
  'evaluations.disputesOf': (w, who) => [who.ctx, item(w, who).evaluation.id],
  'evaluations.myDraftFor': (w, who) => [who.ctx, item(w, who).ticket.id, null],
  'sampling.runSummaries': (w, who) => [who.ctx, [item(w, who).assignment.runId]],
  'sampling.recentRuns': (_w, who) => [who.ctx],
  'reviewQueue.reviewingBlind': (w, who) => [who.ctx, item(w, who).ticket.id],
  'correctiveActions.actionsById': (w, who) => [who.ctx, [item(w, who).action.id]],
  'followUps.requestedFollowUps': (w, who) => [who.ctx, item(w, who).action],
  'recordings.recordingIdsWithTranscript': (_w, who) => [who.ctx],
  'calibration.calibrationCandidates': (_w, who) => [who.ctx, 'ticket'],
  'calibration.myCalibrationWork': (_w, who) => [who.ctx],
};

function exportedFunctions(): string[] {
  return Object.entries(MODULES).flatMap(([mod, m]) =>
    Object.entries(m)
      .filter(([name, v]) => typeof v === 'function' && /^[a-z]/.test(name))
      .map(([name]) => `${mod}.${name}`),
  );
}

/** What must never reach the session: the foreign people's names, e-mails and their records' ids. */
function markers(w: World, who: Who): string[] {
  return who.foreign.flatMap((p) => {
    const i = w.items.get(p.id);
    return [p.id, p.name, p.email, i?.action.id, ...(w.ownedIds.get(p.id) ?? [])].filter((x): x is string => !!x);
  });
}

/** Revisions of everything of the foreign people's that a call could change. */
async function foreignState(w: World, who: Who): Promise<string> {
  const db = w.ctx.db;
  const ids = who.foreign.map((p) => p.id);
  const parts: unknown[] = [];
  const byOwner = async (t: Table, index: string) => parts.push(...(await Promise.all(ids.map((id) => t.where(index).between([id, ''], [id, '\uffff']).toArray()))).flat().map((r: { id: string; rev: number }) => `${r.id}:${r.rev}`));
  await byOwner(db.evaluations, '[agentId+occurredAt]');
  await byOwner(db.tickets, '[agentId+openedAt]');
  await byOwner(db.recordings, '[agentId+startedAt]');
  parts.push((await db.correctiveActions.toArray()).filter((a) => ids.includes(a.staffId)).map((a) => `${a.id}:${a.rev}`));
  parts.push((await db.people.bulkGet(ids)).map((p) => `${p?.id}:${p?.rev}:${p?.role}:${p?.active}`));
  parts.push((await db.credentials.bulkGet(ids)).map((c) => `${c?.id}:${c?.rev}`));
  parts.push((await db.teams.bulkGet(who.foreignTeamIds)).map((t) => `${t?.id}:${t?.rev}`));
  parts.push((await db.appraisalPeriods.toArray()).filter((p) => who.foreignTeamIds.includes(p.teamId)).map((p) => `${p.id}:${p.rev}`));
  parts.push((await db.assignments.toArray()).filter((a) => ids.includes(a.agentId ?? '')).map((a) => `${a.id}:${a.rev}:${a.reviewerId}`));
  parts.push((await db.transcripts.toArray()).map((t) => `${t.id}:${t.rev}`));
  parts.push((await db.settings.get('lockoutThreshold'))?.rev ?? 0);
  return JSON.stringify(parts);
}

const leaked = (value: unknown, marks: string[]): string[] => {
  let text: string;
  try {
    text = JSON.stringify(value, (_k, v) => (v instanceof Map ? [...v.entries()] : v instanceof Set ? [...v] : v)) ?? '';
  } catch {
    text = String(value);
  }
  return marks.filter((m) => text.includes(m));
};

describe('every repository call is scoped', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  }, 120_000);

  it('every exported function has a scope case or a stated reason it takes no session', () => {
    const missing = exportedFunctions().filter((f) => !(f in CASES) && !(f in NO_SESSION));
    expect(missing, 'add a case to CASES (or a reason to NO_SESSION)').toEqual([]);
    const stale = [...Object.keys(CASES), ...Object.keys(NO_SESSION)].filter((f) => !exportedFunctions().includes(f));
    expect(stale).toEqual([]);
  });

  const run = async (who: Who, label: string) => {
    const failures: string[] = [];
    for (const name of Object.keys(CASES).sort()) {
      const [mod, fn] = name.split('.') as [keyof typeof MODULES, string];
      const f = (MODULES[mod] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[fn]!;
      const before = await foreignState(w, who);
      let outcome: unknown;
      let refused = false;
      const args = CASES[name]!(w, who);
      try {
        outcome = await f(...args);
      } catch (e) {
        refused = true;
        outcome = e instanceof Error ? e.message : e;
      }
      // A refusal may name what the caller asked for (the id it passed in); an answer may not hold even that.
      const asked = refused ? leaked(args.slice(1), markers(w, who)) : [];
      const found = leaked(outcome, markers(w, who)).filter((m) => !asked.includes(m));
      if (found.length) failures.push(`${label} ${name} ${refused ? 'refused, but its message names' : 'answered with'} ${found.join(', ')}`);
      if ((await foreignState(w, who)) !== before) failures.push(`${label} ${name} changed someone else's records`);
    }
    return failures;
  };

  it("as a staff member: nothing of a teammate's or another team's, read or changed", async () => {
    const ctx = await w.as(w.staff.id);
    expect(await run({ ctx, foreign: [w.teammate, w.other], foreignTeamIds: [w.teamB.id, w.teamA.id] }, 'staff')).toEqual([]);
  }, 120_000);

  it("as a team lead: nothing of another team's, read or changed", async () => {
    const ctx = await w.as(w.lead.id);
    expect(await run({ ctx, foreign: [w.other], foreignTeamIds: [w.teamB.id] }, 'lead')).toEqual([]);
  }, 120_000);

  it("team aggregates: only one's own team (or one led), and never a week with fewer than 3 people", async () => {
    const staffCtx = await w.as(w.staff.id);
    await expect(myScores.teamWeeklyMeans(staffCtx, w.teamB.id)).rejects.toThrow('Access denied');
    const own = await myScores.teamWeeklyMeans(staffCtx, w.teamA.id);
    const evals = (await w.ctx.db.evaluations.where('[teamId+occurredAt]').between([w.teamA.id, ''], [w.teamA.id, '\uffff']).toArray()).filter((e) => e.status === 'submitted' && !e.calibrationSessionId && e.score !== null);
    const people = new Map<string, Set<string>>();
    for (const e of evals) people.set(weekOf(e.occurredAt), (people.get(weekOf(e.occurredAt)) ?? new Set()).add(e.agentId!));
    expect([...own.keys()].sort()).toEqual([...people].filter(([, who]) => who.size >= 3).map(([week]) => week).sort());
    // A week of one person's evaluations only is not shown.
    const lone = '2026-07-06T03:00:00.000Z';
    await w.ctx.db.evaluations.add({ ...evals[0]!, id: 'lone-week', occurredAt: lone, score: 12 });
    expect((await myScores.teamWeeklyMeans(staffCtx, w.teamA.id)).has(weekOf(lone))).toBe(false);
    expect((await myScores.teamWeeklyMeans(await w.as(w.lead.id), w.teamA.id)).has(weekOf(lone))).toBe(false);
  });

  it('the same calls do reach the data for a supervisor (the cases aim at real records)', async () => {
    const t = w.items.get(w.other.id)!;
    expect((await tickets.ticketDetail(w.supCtx, t.ticket.id))?.ticket.id).toBe(t.ticket.id);
    expect((await correctiveActions.actionDetail(w.supCtx, t.action.id)).action.id).toBe(t.action.id);
    expect((await reviewQueue.itemLabels(w.supCtx, [t.assignment])).get(t.ticket.id)).toContain(t.ticket.externalId);
    expect(await appraisal.periodRow(w.supCtx, w.teamB.id, w.key)).not.toBeNull();
    expect((await scoped.listOwnedBy(w.supCtx, 'evaluations', w.other.id)).map((e) => e.id)).toContain(t.evaluation.id);
  });
});
