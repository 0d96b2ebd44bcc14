// "Move to a team server": the standalone workspace's records, every replicated table, go up with their ids, revs
// and content (soft-deleted ones and each record's own history with them) in chunks, through a port that is main's
// move session (the DBA's migration login on an empty server). Then each table is compared, count and content
// digest, with what the server reads back; only when every table matches are the people's logins provisioned and
// the move finished. Interrupted, it starts again and the server skips what it already has (a table already
// complete is not sent again); failed, nothing here changed: the standalone workspace is only ever read.
import type { Table } from 'dexie';
import { REPLICATED_TABLES } from '@renderer/domain/replication';
import { recordsDigest } from '@renderer/domain/auditChain';
import { mayManagePeople } from '@renderer/domain/roles';
import type { Person } from '@renderer/domain/model';
import { AccessDenied, ValidationError, type RepoContext } from './context';

export interface MovePort {
  begin(): Promise<{ resumed: boolean; counts: Record<string, number> }>;
  upload(table: string, records: Record<string, unknown>[]): Promise<number>;
  digest(table: string): Promise<{ count: number; digest: string }>;
  finish(personIds: string[]): Promise<{ personId: string; login: string; password: string }[]>;
}

export interface MoveProgress {
  phase: 'upload' | 'verify' | 'logins';
  table: string;
  /** Rows handled so far over all tables, of `total`. */
  done: number;
  total: number;
}

export interface MovedWorkspace {
  resumed: boolean;
  tables: { table: string; count: number }[];
  /** One-time passwords, shown once, for the admin to hand out. */
  handouts: { personId: string; name: string; employeeNo: string; login: string; password: string }[];
}

const tableOf = (ctx: RepoContext, name: string) => (ctx.db as unknown as Record<string, Table<Record<string, unknown>, string>>)[name]!;

export async function moveWorkspace(ctx: RepoContext, port: MovePort, opts: { onProgress?: (p: MoveProgress) => void; signal?: AbortSignal; chunk?: number } = {}): Promise<MovedWorkspace> {
  if (!mayManagePeople(ctx.actor?.role)) throw new AccessDenied('moving the workspace to a team server needs the admin role');
  const chunk = opts.chunk ?? 2000;
  const stopIfCancelled = () => {
    if (opts.signal?.aborted) throw new DOMException('The move was cancelled; start it again to go on', 'AbortError');
  };
  const start = await port.begin();
  const local = await Promise.all(REPLICATED_TABLES.map(async (t) => ({ table: t.table, count: await tableOf(ctx, t.table).count() })));
  const total = local.reduce((n, t) => n + t.count, 0);
  let done = 0;
  for (const { table, count } of local) {
    // A table the server already holds whole (a move resumed) is not sent again.
    if (start.counts[table] === count) {
      done += count;
      continue;
    }
    let after: string | null = null;
    for (;;) {
      stopIfCancelled();
      const q = tableOf(ctx, table);
      const rows: Record<string, unknown>[] = await (after === null ? q.orderBy(':id') : q.where(':id').above(after)).limit(chunk).toArray();
      if (!rows.length) break;
      await port.upload(table, rows);
      done += rows.length;
      after = rows[rows.length - 1]!.id as string;
      opts.onProgress?.({ phase: 'upload', table, done, total });
      if (rows.length < chunk) break;
    }
  }
  // Every table, count and content, as the server reads it back.
  let checked = 0;
  for (const { table, count } of local) {
    stopIfCancelled();
    const d = recordsDigest();
    await tableOf(ctx, table)
      .orderBy(':id')
      .each((r) => d.add(r));
    const server = await port.digest(table);
    if (server.count !== count || server.digest !== d.hex())
      throw new ValidationError('table', 'team.move.mismatch', `${table}: the server holds ${server.count} rows, this workspace ${count}${server.count === count ? ' (the same number, different content)' : ''}`);
    checked += count;
    opts.onProgress?.({ phase: 'verify', table, done: checked, total });
  }
  stopIfCancelled();
  const people = (await ctx.db.people.toArray()).filter((p) => p.active && !p.deletedAt);
  opts.onProgress?.({ phase: 'logins', table: 'people', done: total, total });
  const byId = new Map<string, Person>(people.map((p) => [p.id, p]));
  const handouts = (await port.finish(people.map((p) => p.id))).map((h) => ({ ...h, name: byId.get(h.personId)?.name ?? '', employeeNo: byId.get(h.personId)?.employeeNo ?? '' }));
  return { resumed: start.resumed, tables: local, handouts };
}
