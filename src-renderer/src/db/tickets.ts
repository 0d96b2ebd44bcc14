// Reading tickets for browsing: what the session may see (role scope), by creation date, and one ticket's thread
// and calls. Writes happen through imports (db/imports.ts).
import Dexie from 'dexie';
import type { Recording, Ticket, TicketMessage } from '@renderer/domain/model';
import { AccessDenied, type RepoContext } from './context';
import { readablePersonIds } from './scoped';
import { isPlanner, mayReadItem } from './access';
import { listRecordings } from './recordings';

/** Tickets opened in [from, to] (ISO; either may be omitted) that the session may see. */
export async function listTickets(ctx: RepoContext, range: { from?: string; to?: string } = {}): Promise<Ticket[]> {
  const ids = await readablePersonIds(ctx);
  const coll =
    range.from || range.to ? ctx.db.tickets.where('openedAt').between(range.from ?? '', range.to ?? '\uffff', true, true) : ctx.db.tickets.toCollection();
  if (ids === null) return coll.filter((t) => !t.deletedAt).toArray();
  const allowed = new Set(ids);
  return coll.filter((t) => !t.deletedAt && t.agentId !== null && allowed.has(t.agentId)).toArray();
}

/** Ids of the tickets with at least one call recording, among the calls the session may see. */
export async function ticketIdsWithRecordings(ctx: RepoContext): Promise<Set<string>> {
  if (isPlanner(ctx)) {
    const keys = await ctx.db.recordings.orderBy('ticketId').uniqueKeys();
    return new Set(keys.filter((k): k is string => typeof k === 'string'));
  }
  return new Set((await listRecordings(ctx)).flatMap((r) => (r.ticketId ? [r.ticketId] : [])));
}

/** A ticket with its thread and calls: one the session may read, or an item of the person's calibration session. */
export async function ticketDetail(ctx: RepoContext, id: string, calibrationSessionId: string | null = null): Promise<{ ticket: Ticket; messages: TicketMessage[]; recordings: Recording[]; agentName: string | null } | null> {
  const ticket = await ctx.db.tickets.get(id);
  if (!ticket || ticket.deletedAt) return null;
  if (!(await mayReadItem(ctx, ticket, calibrationSessionId))) throw new AccessDenied(`tickets ${id}`);
  return ticketParts(ctx, ticket);
}

async function ticketParts(ctx: RepoContext, ticket: Ticket): Promise<{ ticket: Ticket; messages: TicketMessage[]; recordings: Recording[]; agentName: string | null }> {
  const id = ticket.id;
  const [messages, recordings, agent] = await Promise.all([
    ctx.db.ticketMessages.where('ticketId').equals(id).sortBy('at'),
    ctx.db.recordings.where('ticketId').equals(id).filter((r) => !r.deletedAt).toArray(),
    // Whoever may open the item may see whose work it is.
    ticket.agentId ? ctx.db.people.get(ticket.agentId) : Dexie.Promise.resolve(undefined),
  ]);
  return { ticket, messages, recordings, agentName: agent?.name ?? null };
}
