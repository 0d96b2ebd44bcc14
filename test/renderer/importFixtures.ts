// Runs the ticket importer on a fixture file end to end into a fresh database, as the import worker does.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createFirstAdmin, sessionScopeFor } from '@renderer/db/auth';
import { createPerson, saveTeam } from '@renderer/db/people';
import { runTicketImport } from '@renderer/db/imports';
import type { RepoContext } from '@renderer/db/context';
import { suggestMapping, type ColumnMapping } from '@renderer/domain/import/mapping';
import { DEFAULT_TIMESTAMP_OPTIONS, type TimestampOptions } from '@renderer/domain/import/timestamps';
import type { TicketImportOptions } from '@renderer/domain/import/tickets';
import { readSourceFile } from '@renderer/workers/sourceFile';
import type { TextEncodingName } from '@renderer/domain/import/encoding';
import { freshContext, realHasher } from './fixtures';

export const FIXTURES = join(__dirname, '..', 'fixtures');

/** A supervisor, two teams and three agents the fixtures name (Li Na by name and e-mail, Wang Fang by employee number). */
export async function importWorkspace(): Promise<RepoContext> {
  const base = freshContext();
  const admin = await createFirstAdmin(base, { name: 'Admin', email: 'admin@example.com', employeeNo: 'A1' }, 'correct-horse', realHasher);
  const ctx: RepoContext = { ...base, actor: await sessionScopeFor(base.db, admin) };
  const t1 = await saveTeam(ctx, { name: 'Tier 1', leadId: null });
  const t2 = await saveTeam(ctx, { name: '一线支持', leadId: null });
  await createPerson(ctx, { name: 'Li Na', email: 'li.na@example.com', employeeNo: 'E1001', teamId: t1.id, role: 'staff' }, 'password-1', realHasher);
  await createPerson(ctx, { name: '王芳', email: 'wang.fang@example.com', employeeNo: '235324', teamId: t2.id, role: 'staff' }, 'password-1', realHasher);
  await createPerson(ctx, { name: '张伟', email: 'zhang.wei@example.com', employeeNo: '235323', teamId: t2.id, role: 'staff' }, 'password-1', realHasher);
  return ctx;
}

export interface FixtureImport {
  encoding?: TextEncodingName;
  delimiter?: string;
  timestamps?: Partial<TimestampOptions>;
  mapping?: ColumnMapping;
  options?: Partial<TicketImportOptions>;
  source?: string;
}

export async function importFixture(ctx: RepoContext, path: string, o: FixtureImport = {}) {
  const full = join(FIXTURES, path);
  const bytes = new Uint8Array(readFileSync(full));
  const { table, info } = await readSourceFile(bytes, basename(full), { encoding: o.encoding, delimiter: o.delimiter });
  const mapping = { ...suggestMapping(table.header), ...o.mapping };
  const options: TicketImportOptions = {
    mapping,
    timestamps: { ...DEFAULT_TIMESTAMP_OPTIONS, ...o.timestamps },
    vocabularies: {},
    agentLinks: {},
    ...o.options,
  };
  const run = await runTicketImport(ctx, table, options, { fileName: basename(full), bytes: bytes.length, source: o.source ?? basename(full), encoding: info.encoding, actorName: 'Admin' });
  const tickets = await ctx.db.tickets.filter((t) => t.source === (o.source ?? basename(full))).toArray();
  return { run, table, info, mapping, tickets, byId: new Map(tickets.map((t) => [t.externalId, t])) };
}
