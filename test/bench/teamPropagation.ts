// team-propagation: 30 consoles (5 supervisors, 5 leads, 20 staff) in one Node process, each its own replica (the
// real db/ code over fake-indexeddb) and its own team session (main's service and its notices), on their own
// schedule (TeamSync), doing a scripted day for two minutes against one throwaway server: supervisors score their
// staff's tickets, leads start and extend corrective actions, staff acknowledge what they were scored on. Measured:
// from the commit of each change to the moment it is in every replica entitled to it (p50, p95); counted: writes
// made and landed, changes an entitled replica never got (must be 0), a change applied twice to one replica (must
// be 0), rows in a replica that is not entitled to them (must be 0). The baseline, in the same run: one change on an
// idle server, from its commit to one listening console's replica (a notice, one pull).
import Dexie, { type Table } from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { acknowledgeEvaluation } from '../../src-renderer/src/db/evaluations';
import { createRecord, onRecordsWritten, updateRecord } from '../../src-renderer/src/db/records';
import { outboxState, pull } from '../../src-renderer/src/db/replica';
import type { TeamSync } from '../../src-renderer/src/db/teamSync';
import type { Evaluation, Ticket } from '../../src-renderer/src/domain/model';
import type { CorrectiveAction } from '../../src-renderer/src/domain/actionRecords';
import type { WriteTx } from '../../src-renderer/src/domain/replication';
import { startTeamServer } from '../pg/team';
import { personRecord, seedDepartment, teamConsole, uuid, type Department, type TeamConsole } from '../pg/teamConsoles';
import type { BenchResult } from './run';

Dexie.dependencies.indexedDB = indexedDB;
Dexie.dependencies.IDBKeyRange = IDBKeyRange;

interface Member {
  no: string;
  id: string;
  role: 'supervisor' | 'lead' | 'staff';
  teamId: string | null;
  console: TeamConsole;
  sync: TeamSync | null;
}

/** Tables whose rows belong to a staff member (field naming them): the person, their lead and the supervisors see them. */
const OWNED: Record<string, string> = { tickets: 'agentId', evaluations: 'agentId', correctiveActions: 'staffId' };

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * team-day (issue 19) is the same day for five minutes with faults: one staff console cut off from the server for
 * a minute, the server restarted once; it also counts the server's console connections at peak.
 */
export interface DayOptions {
  id: 'team-propagation' | 'team-day';
  durationMs: number;
  faults: boolean;
}

export async function teamPropagationBench(opts: DayOptions = { id: 'team-propagation', durationMs: Number(process.env.QA_BENCH_TEAM_MS ?? 120_000), faults: false }): Promise<BenchResult> {
  const { durationMs } = opts;
  const server = await startTeamServer();
  const conn = { ...server.config, tls: 'disable' as const };
  const members: Member[] = [];
  const stops: (() => void)[] = [];
  try {
    // The department: 5 teams of 4, a lead each, 5 supervisors.
    const teams = Array.from({ length: 5 }, (_, t) => ({ id: uuid(1 + t), name: `Team ${t + 1}`, leadId: uuid(100 + t) }));
    const people: Department['people'] = [
      ...teams.map((t, i) => personRecord(t.leadId, 'lead', `L${100 + i}`, null)),
      ...Array.from({ length: 5 }, (_, i) => personRecord(uuid(200 + i), 'supervisor', `S${200 + i}`, null)),
      ...Array.from({ length: 20 }, (_, i) => personRecord(uuid(300 + i), 'staff', `P${300 + i}`, teams[i % 5]!.id)),
    ] as Department['people'];
    await seedDepartment(conn, server.admin.password, { teams, people });
    for (const p of people) {
      const role = p.role as Member['role'];
      const led = role === 'lead' ? teams.filter((t) => t.leadId === p.id).map((t) => t.id) : [];
      members.push({ no: p.employeeNo, id: p.id, role, teamId: (p.teamId as string | null) ?? null, console: await teamConsole(conn, p.employeeNo, p.id, role, led), sync: null });
    }
    await Promise.all(members.map((m) => pull(m.console.ctx, m.console.port)));
    const byDb = new Map(members.map((m, i) => [m.console.ctx.db, i]));
    const leadOf = new Map(teams.map((t) => [t.id, members.findIndex((m) => m.id === t.leadId)]));
    const staffIndex = new Map(members.map((m, i) => [m.id, i]));
    const supervisors = members.flatMap((m, i) => (m.role === 'supervisor' ? [i] : []));
    const entitled = (table: string, record: Record<string, unknown>): number[] => {
      const owner = record[OWNED[table]!] as string;
      const staff = members[staffIndex.get(owner)!]!;
      return [...new Set([...supervisors, staffIndex.get(owner)!, leadOf.get(staff.teamId!)!])];
    };

    // Arrivals: per replica, per record, when each rev came from the server (and how often).
    const arrived = new Map<string, number>();
    let duplicates = 0;
    stops.push(
      onRecordsWritten((w) => {
        const c = byDb.get(w.db);
        if (c === undefined || !w.fromServer || !OWNED[w.table]) return;
        const now = performance.now();
        w.revised.forEach((id, i) => {
          const key = `${c}/${w.table}/${id}/${w.revs?.[i]}`;
          if (arrived.has(key)) duplicates++;
          else arrived.set(key, now);
        });
      }),
    );
    // Commits: each transaction a console's push landed, when its answer came back.
    const commits: { table: string; record: Record<string, unknown>; at: number; writer: number }[] = [];
    // A transaction sent again after a lost answer is applied once on the server and answered 'applied' again.
    const landedTx = new Set<string>();
    members.forEach((m, i) => {
      const write = m.console.port.write;
      m.console.port.write = async (tx: WriteTx) => {
        const out = await write(tx);
        if (out.status === 'applied' && !landedTx.has(tx.id)) {
          landedTx.add(tx.id);
          const at = performance.now();
          for (const op of tx.ops) if (op.record && OWNED[op.table]) commits.push({ table: op.table, record: op.record, at, writer: i });
        }
        return out;
      };
    });

    // The baseline: one change, idle server, one listening console (a supervisor), commit to replica.
    const probe = members[supervisors[0]!]!;
    const probeSync = probe.console.startSync({ noticeTimeoutMs: 25_000, retryMs: { min: 1000, max: 30_000 } });
    probe.sync = probeSync;
    const base: number[] = [];
    for (let k = 0; k < 5; k++) {
      const writer = members[supervisors[1]!]!;
      const staff = members[staffIndex.get(uuid(300 + k))!]!;
      const t = await createRecord<Ticket>(writer.console.ctx, writer.console.ctx.db.tickets, { source: 'bench', externalId: `base-${k}`, subject: 'Baseline', agentId: staff.id, teamId: staff.teamId } as never);
      await writer.console.sync();
      const committed = commits.find((c) => c.record.id === t.id)!.at;
      for (let i = 0; i < 500 && !arrived.has(`${supervisors[0]}/tickets/${t.id}/1`); i++) await sleep(2);
      base.push(arrived.get(`${supervisors[0]}/tickets/${t.id}/1`)! - committed);
    }
    const baseline = pct(base, 50);
    commits.length = 0;
    landedTx.clear();
    // The server's console connections, sampled every second.
    let peakConnections = 0;
    const sampler = setInterval(() => {
      void server.cluster
        .query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename LIKE 'qa_u_%'`)
        .then((r) => (peakConnections = Math.max(peakConnections, r[0]!.n)))
        .catch(() => undefined);
    }, 1000);
    stops.push(() => clearInterval(sampler));

    // The day: everyone on their own schedule.
    for (const m of members) if (!m.sync) m.sync = m.console.startSync({ noticeTimeoutMs: 25_000, retryMs: { min: 1000, max: 30_000 } });
    let made = 0;
    let failed = 0;
    const end = performance.now() + durationMs;
    const rnd = (n: number) => Math.floor(Math.random() * n);
    const act = async (m: Member) => {
      const ctx = m.console.ctx;
      if (m.role === 'supervisor') {
        const s = members[staffIndex.get(uuid(300 + rnd(20)))!]!;
        const t = await createRecord<Ticket>(ctx, ctx.db.tickets, { source: 'bench', externalId: `${m.no}-${Date.now()}-${rnd(1e9)}`, subject: 'Printer offline', agentId: s.id, teamId: s.teamId, openedAt: new Date().toISOString() } as never);
        await createRecord<Evaluation>(ctx, ctx.db.evaluations, {
          itemKind: 'ticket', itemId: t.id, agentId: s.id, teamId: s.teamId, reviewerId: m.id, rubricId: uuid(9001), rubricVersionId: uuid(9002), status: 'submitted', answers: {}, comments: [], feedback: '',
          score: 80, outcome: 'pass', failedBy: null, occurredAt: t.createdAt, submittedAt: new Date().toISOString(), revision: 1, revisions: [], acknowledgedAt: null, calibrationSessionId: null,
        } as never);
        made += 2;
      } else if (m.role === 'lead') {
        const mine = (await ctx.db.correctiveActions.toArray()).filter((a) => a.ownerId === m.id);
        const team = members.filter((x) => x.role === 'staff' && ctx.actor!.ledTeamIds.includes(x.teamId!));
        if (mine.length && rnd(2)) {
          const a = mine[rnd(mine.length)]!;
          await updateRecord<CorrectiveAction>(ctx, ctx.db.correctiveActions, a.id, { dueAt: new Date(Date.parse(a.dueAt) + 86_400_000).toISOString(), extensions: a.extensions + 1 });
        } else {
          const s = team[rnd(team.length)]!;
          const due = new Date(Date.now() + 7 * 86_400_000).toISOString();
          await createRecord<CorrectiveAction>(ctx, ctx.db.correctiveActions, {
            staffId: s.id, teamId: s.teamId, ownerId: m.id, evaluationId: null, parentActionId: null, title: 'Confirm before closing', rootCauses: [], criterionIds: [], evidence: [], plan: 'Call back before closing',
            priority: 'normal', dueAt: due, originalDueAt: due, extensions: 0, verification: { kind: 'none' }, status: 'open', outcome: null, completedAt: null, closedAt: null, cancelReason: null, acknowledgedAt: null, followUpsFrom: null, attachments: [],
          } as never);
        }
        made++;
      } else {
        const open = (await ctx.db.evaluations.toArray()).filter((e) => e.agentId === m.id && !e.acknowledgedAt);
        if (open.length) {
          await acknowledgeEvaluation(ctx, open[0]!.id);
          made++;
        }
      }
    };
    const every: Record<Member['role'], number> = { supervisor: 2500, lead: 5000, staff: 3000 };
    const faults: Promise<void>[] = [];
    if (opts.faults) {
      // One staff console cut off for a minute (a fifth of a shorter day), a fifth into the day.
      const cut = members.find((m) => m.role === 'staff')!;
      faults.push(
        (async () => {
          await sleep(durationMs * 0.2);
          cut.console.port.offline = true;
          await sleep(Math.min(60_000, durationMs * 0.2));
          cut.console.port.offline = false;
        })(),
      );
      // The server restarted once, half way.
      faults.push(
        (async () => {
          await sleep(durationMs * 0.5);
          await server.cluster.stop('fast');
          await sleep(2000);
          await server.cluster.start();
        })(),
      );
    }
    await Promise.all(
      members.map(async (m) => {
        await sleep(rnd(every[m.role]));
        while (performance.now() < end) {
          try {
            await act(m);
          } catch {
            failed++;
          }
          await sleep(every[m.role] * (0.5 + Math.random()));
        }
      }),
    );
    await Promise.all(faults);
    // Quiet: every outbox empty, then one more round each, so what was sent is everywhere it should be.
    for (let i = 0; i < 600; i++) {
      const pending = (await Promise.all(members.map((m) => outboxState(m.console.ctx)))).reduce((n, o) => n + o.pending, 0);
      if (!pending) break;
      await sleep(100);
    }
    await sleep(2000);
    await Promise.all(members.map((m) => m.sync!.round()));

    // Per landed change: the latest arrival among the replicas entitled to it (the writer has it already).
    const latencies: number[] = [];
    let missed = 0;
    for (const c of commits) {
      let worst = 0;
      for (const e of entitled(c.table, c.record)) {
        if (e === c.writer) continue;
        const at = arrived.get(`${e}/${c.table}/${c.record.id}/${c.record.rev}`);
        if (at === undefined) {
          // A later rev arriving first covers this one only if the replica holds that rev now.
          const held = await (members[e]!.console.ctx.db as unknown as Record<string, Table<{ rev: number }, string>>)[c.table]!.get(c.record.id as string);
          if (!held || held.rev < (c.record.rev as number)) {
            if (missed < 3) {
              const row = await server.cluster.query(`SELECT change_xid::text, change_seq, rev FROM qa_console.tickets WHERE id = $1`, [c.record.id], 'qa_team');
              const cur = await members[e]!.console.ctx.db.replicaMeta.get('feed');
              console.log(`[team-propagation] missed: ${c.table} ${c.record.id} rev ${c.record.rev} in ${members[e]!.role} ${members[e]!.no}'s replica (holds ${held ? `rev ${held.rev}` : 'nothing'}); server ${JSON.stringify(row)}; cursor ${JSON.stringify(cur?.value)}; bounds ${JSON.stringify(await members[e]!.console.session.bounds())}`);
            }
            missed++;
          }
          continue;
        }
        worst = Math.max(worst, at - c.at);
      }
      latencies.push(worst);
    }
    // Rows in a replica not entitled to them.
    let leaks = 0;
    for (const [i, m] of members.entries()) {
      if (m.role === 'supervisor') continue;
      for (const table of Object.keys(OWNED)) {
        const rows = (await (m.console.ctx.db as unknown as Record<string, Table<Record<string, unknown>, string>>)[table]!.toArray()) as Record<string, unknown>[];
        leaks += rows.filter((r) => !entitled(table, r).includes(i)).length;
      }
    }
    if (missed) console.log(`[team-propagation] states: ${JSON.stringify(members.map((m) => ({ no: m.no, ...m.sync!.state })).filter((x) => x.error || !x.online))}`);
    const p50 = pct(latencies, 50);
    const p95 = pct(latencies, 95);
    const landed = landedTx.size;
    const counts = { made, landed, changes: commits.length, missed, duplicates, leaks, failedActions: failed, peakConnections };
    console.log(`[${opts.id}] p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms over ${latencies.length} changes; ${JSON.stringify(counts)}`);
    const clean = missed === 0 && duplicates === 0 && leaks === 0;
    const met = opts.faults ? clean && made === landed : p95 < 1000 && clean;
    return {
      id: opts.id,
      value: p95,
      unit: `ms p95 commit → every entitled replica (p50 ${p50.toFixed(0)} ms; writes made ${made}, landed ${landed}, missed ${missed}, duplicates ${duplicates}, leaks ${leaks}, server connections at peak ${peakConnections} for ${members.length} consoles${opts.faults ? '; server restarted once, one console cut off' : ''})`,
      baseline: 'one change on an idle server to one listening console',
      baselineValue: baseline,
      ratio: p95 / baseline,
      target: opts.faults ? 'writes made = landed; missed, duplicates and leaks 0; figures printed' : 'p95 < 1000 ms; missed, duplicates and leaks 0',
      met,
    };
  } finally {
    stops.forEach((s) => s());
    await Promise.all(members.map((m) => m.console.close().catch(() => undefined)));
    await server.destroy();
  }
}
