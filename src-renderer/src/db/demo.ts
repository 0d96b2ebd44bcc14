// Loads the generated demo workspace: records into Dexie in chunks, recordings rendered to WAV files by main.
import type { DemoRecordingFile } from '@contract';
import { DEMO_PASSWORD, generateDemoWorkspace, type DemoRecordingSpec, type DemoSize, type DemoWorkspace } from '@renderer/domain/demoWorkspace';
import { sha256Hex } from '@renderer/domain/auditChain';
import type { Credential, Dispute, Evaluation, Person, Recording, RecordingPeaks, Rubric, RubricVersion, Team, Ticket, TicketMessage, Transcript } from '@renderer/domain/model';
import { generateDemoQualityHistory, type DemoRubric, type Stamped } from '@renderer/domain/demoEvaluations';
import { RUBRIC_TEMPLATES } from '@renderer/domain/rubricTemplates';
import { checkRubric } from '@renderer/domain/rubric';
import type { Table } from 'dexie';
import type { BaseRecord } from '@renderer/domain/model';
import type { RepoContext } from './context';
import { stampNew, writeRecords } from './records';
import type { AccountAuthority } from './passwords';
import { requireRoles } from './access';
import { isSupervisorRole } from '@renderer/domain/roles';

export type DemoStep = 'people' | 'tickets' | 'recordings' | 'done';
export interface DemoProgress {
  step: DemoStep;
  done: number;
  total: number;
}

export interface DemoLoadResult {
  people: number;
  tickets: number;
  recordings: number;
  evaluations: number;
  /** A supervisor's demo account, to sign in with. */
  supervisorEmail: string;
  alreadyLoaded: boolean;
}

const CHUNK = 2000;

async function bulkWrite<T extends BaseRecord>(ctx: RepoContext, table: Table<T, string>, rows: T[], onChunk?: (n: number) => void, signal?: AbortSignal) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    signal?.throwIfAborted();
    const chunk = rows.slice(i, i + CHUNK);
    // One audit entry per chunk: what was written, with a digest of the ids, instead of thousands of entries.
    const after = { source: 'demo', count: chunk.length, first: chunk[0]?.id, last: chunk[chunk.length - 1]?.id, idsSha256: sha256Hex(chunk.map((r) => r.id).join(',')) };
    // The demo's history comes with its own times (three months of work), so its rows are written as recorded.
    await writeRecords(ctx, table, { asRecorded: chunk }, { batch: { action: 'bulk-create', entityId: null, after } });
    onChunk?.(Math.min(rows.length, i + CHUNK));
  }
}

export async function loadDemoWorkspace(
  ctx: RepoContext,
  opts: {
    size: DemoSize;
    hasher: AccountAuthority;
    writeRecordings: (specs: DemoRecordingSpec[]) => Promise<DemoRecordingFile[]>;
    onProgress?: (p: DemoProgress) => void;
    signal?: AbortSignal;
  },
): Promise<DemoLoadResult> {
  // Demo data is loaded by the admin (first run, or Settings); main refuses the demo audio to anyone else too.
  requireRoles(ctx, ['admin'], 'loading the demo workspace');
  const ws = generateDemoWorkspace({ size: opts.size, now: ctx.clock() });
  const existing = await ctx.db.people.where('email').equals(ws.people[0]!.email).count();
  const supervisorEmail = ws.people.find((p) => isSupervisorRole(p.role))!.email;
  if (existing > 0) return { people: 0, tickets: 0, recordings: 0, evaluations: 0, supervisorEmail, alreadyLoaded: true };
  const progress = (step: DemoStep, done: number, total: number) => opts.onProgress?.({ step, done, total });

  progress('people', 0, ws.people.length);
  // One scrypt hash for the shared, published demo password (the cost is deliberately high: hashing 48 would take
  // half a minute); main records it for every demo person, with their role.
  const [first, ...rest] = ws.people;
  const secret = await opts.hasher.setPassword(first!.id, DEMO_PASSWORD, { role: first!.role, active: first!.active });
  await opts.hasher.register(rest.map((p) => ({ personId: p.id, role: p.role, active: p.active, credential: secret })), false);
  const secrets = ws.people.map(() => secret);
  await bulkWrite(ctx, ctx.db.teams, ws.teams.map((t) => stampNew<Team>(ctx, t)));
  await bulkWrite(ctx, ctx.db.people, ws.people.map((p) => stampNew<Person>(ctx, p)));
  await bulkWrite(
    ctx,
    ctx.db.credentials,
    ws.people.map((p, i) => stampNew<Credential>(ctx, { id: p.id, ...secrets[i]!, failedAttempts: 0, lockedUntil: null })),
  );
  progress('people', ws.people.length, ws.people.length);

  // Tickets go into IndexedDB while main renders the recordings: two cores, two jobs.
  const total = ws.tickets.length + ws.recordings.length * 100;
  let ticketsDone = 0;
  let recordingsDone = 0;
  const report = () => progress(recordingsDone < ws.recordings.length * 100 && ticketsDone >= ws.tickets.length ? 'recordings' : 'tickets', ticketsDone + recordingsDone, total);
  const writeTickets = async () => {
    await bulkWrite(ctx, ctx.db.tickets, ws.tickets.map((t) => stampNew<Ticket>(ctx, t)), (n) => ((ticketsDone = n * 0.5), report()), opts.signal);
    await bulkWrite(
      ctx,
      ctx.db.ticketMessages,
      ws.messages.map((m) => stampNew<TicketMessage>(ctx, m)),
      (n) => ((ticketsDone = ws.tickets.length * (0.5 + (0.5 * n) / ws.messages.length)), report()),
      opts.signal,
    );
  };
  const writeRecordings = async () => {
    const specs = ws.recordings;
    for (let i = 0; i < specs.length; i += 5) {
      opts.signal?.throwIfAborted();
      const batch = specs.slice(i, i + 5);
      await writeRecordingBatch(ctx, batch, await opts.writeRecordings(batch), ws.transcripts);
      recordingsDone = Math.min(specs.length, i + 5) * 100;
      report();
    }
  };
  await Promise.all([writeTickets(), writeRecordings()]);

  // The quality history: both zh-CN templates published, 90 days of evaluations and disputes on them.
  const [ticketRubric, callRubric] = (['ticket-handling', 'call-handling'] as const).map((id) => publishedTemplate(ctx, id));
  await bulkWrite(ctx, ctx.db.rubrics, [ticketRubric!.rubric, callRubric!.rubric]);
  await bulkWrite(ctx, ctx.db.rubricVersions, [ticketRubric!.version, callRubric!.version]);
  const history = generateDemoQualityHistory({ ws, now: ctx.clock(), ticketRubric: ticketRubric!.demo, callRubric: callRubric!.demo });
  await bulkWrite(ctx, ctx.db.evaluations, history.evaluations.map((e) => asStored<Evaluation>(ctx, e)), undefined, opts.signal);
  await bulkWrite(ctx, ctx.db.disputes, history.disputes.map((d) => asStored<Dispute>(ctx, d)), undefined, opts.signal);
  progress('done', 1, 1);
  return {
    people: ws.people.length,
    tickets: ws.tickets.length,
    recordings: ws.recordings.length,
    evaluations: history.evaluations.length,
    supervisorEmail,
    alreadyLoaded: false,
  };
}

/** A shipped zh-CN template as a rubric with its first version published. */
function publishedTemplate(ctx: RepoContext, templateId: string): { rubric: Rubric; version: RubricVersion; demo: DemoRubric } {
  const template = RUBRIC_TEMPLATES.find((t) => t.id === templateId && t.lang === 'zh-CN')!;
  const checked = checkRubric(template.definition);
  if (!checked.ok) throw new Error(`the shipped template ${templateId} is invalid: ${checked.problems.map((p) => p.message).join('; ')}`);
  // Published before the demo period began, so every evaluation in it could have used it.
  const at = new Date(ctx.clock() - 92 * 86_400_000).toISOString();
  const rubric = { ...stampNew<Rubric>(ctx, { name: checked.rubric.name, status: 'active', publishedVersionId: null, latestVersion: 1 }), createdAt: at, updatedAt: at };
  const version = { ...stampNew<RubricVersion>(ctx, { rubricId: rubric.id, version: 1, status: 'published', definition: checked.rubric, publishedAt: at }), createdAt: at, updatedAt: at };
  rubric.publishedVersionId = version.id;
  return { rubric, version, demo: { rubricId: rubric.id, versionId: version.id, definition: checked.rubric } };
}

/** A generated record as if people had made it: their times and authorship, not the loader's. */
function asStored<T extends BaseRecord>(ctx: RepoContext, s: Stamped<unknown>): T {
  return { ...stampNew<T>(ctx, s.record as never), createdAt: s.createdAt, updatedAt: s.updatedAt, createdBy: s.createdBy };
}

async function writeRecordingBatch(ctx: RepoContext, batch: DemoRecordingSpec[], files: DemoRecordingFile[], allTranscripts: DemoWorkspace['transcripts']) {
  const byId = new Map(files.map((f) => [f.id, f]));
  const recs: Recording[] = [];
  const peaks: RecordingPeaks[] = [];
  for (const s of batch) {
    const f = byId.get(s.id);
    if (!f) throw new Error(`main did not write recording ${s.fileName}`);
    recs.push(
      stampNew<Recording>(ctx, {
        id: s.id,
        agentId: s.agentId,
        teamId: s.teamId,
        ticketId: s.ticketId,
        startedAt: s.startedAt,
        durationSec: f.durationSec,
        direction: s.direction,
        customerNumber: s.customerNumber,
        queue: s.queue,
        fileName: s.fileName,
        path: f.path,
        contentHash: f.sha256,
        bytes: f.bytes,
        format: f.format,
      }),
    );
    peaks.push(stampNew<RecordingPeaks>(ctx, { recordingId: s.id, peaks: f.peaks, peaksPerSecond: f.peaksPerSecond }));
  }
  await bulkWrite(ctx, ctx.db.recordings, recs);
  await bulkWrite(ctx, ctx.db.recordingPeaks, peaks);
  await bulkWrite(ctx, ctx.db.transcripts, allTranscripts.filter((t) => byId.has(t.recordingId)).map((t) => stampNew<Transcript>(ctx, t)));
}
