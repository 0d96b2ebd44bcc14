// A re-import's update of a stored ticket: only what the file carries changes, nothing stored is blanked by an
// empty cell or a missing column, and a status's companions (company status, helpdesk removal) go with it.
import type { TicketField } from './mapping';
import type { ImportedTicket } from './tickets';

/** Which ticket properties each mapped field writes. */
const FIELD_PROPS: Partial<Record<TicketField, (keyof ImportedTicket)[]>> = {
  subject: ['subject'],
  channel: ['channel'],
  priority: ['priority'],
  category: ['category'],
  status: ['status'],
  agent: ['agentId', 'teamId'],
  team: ['teamId'],
  customer: ['customerName'],
  product: ['product'],
  openedAt: ['openedAt'],
  firstResponseAt: ['firstResponseAt'],
  resolvedAt: ['resolvedAt'],
  reopenedCount: ['reopenedCount'],
  csat: ['csat'],
};

/** Properties that go with the status they were imported with. */
export const STATUS_COMPANIONS = ['statusValue', 'helpdeskState'] as const;

/** The mapping field a stored property comes from (agentId → agent), to name it as the wizard does. */
export const FIELD_OF_PROP = new Map<keyof ImportedTicket, TicketField>(
  (Object.entries(FIELD_PROPS) as [TicketField, (keyof ImportedTicket)[]][]).flatMap(([f, props]) => props.map((p) => [p, f] as const)),
);

export const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * An update of a stored ticket from a newer export: only what the file carries changes (a field the mapping does
 * not feed keeps its stored value, a default included), and an empty value in the file never blanks a stored one.
 * Returns the merged content and the properties kept that way, for the report.
 */
export function mergeTicketUpdate<T extends Omit<ImportedTicket, 'row'>>(prev: T, incoming: T, carried: ReadonlySet<TicketField>): { merged: T; kept: (keyof ImportedTicket)[] } {
  const merged = { ...incoming };
  const kept: (keyof ImportedTicket)[] = [];
  const fed = new Set<keyof ImportedTicket>(['externalId', 'flags']);
  for (const f of carried) for (const p of FIELD_PROPS[f] ?? []) fed.add(p);
  // A company status and a helpdesk's removal go with the status they came with: a file that carries the status
  // says them too (a ticket no longer spam loses the mark), one that does not keeps them.
  for (const p of STATUS_COMPANIONS) {
    const from = fed.has('status') ? incoming : prev;
    if (from[p as keyof T] === undefined) delete (merged as Record<string, unknown>)[p];
    else (merged as Record<string, unknown>)[p] = from[p as keyof T];
  }
  for (const p of Object.keys(FIELD_PROPS).flatMap((f) => FIELD_PROPS[f as TicketField]!) as (keyof ImportedTicket)[]) {
    const before = prev[p as keyof T];
    if (!fed.has(p) || (isEmpty(merged[p as keyof T]) && !isEmpty(before))) {
      if (merged[p as keyof T] !== before) kept.push(p);
      (merged as Record<string, unknown>)[p] = before;
    }
  }
  return { merged, kept: [...new Set(kept)] };
}

/** Does the file carry messages for a ticket (a description, thread or reply column, with something in it)? */
export function carriesMessages(carried: ReadonlySet<TicketField>, messages: readonly unknown[]): boolean {
  return (carried.has('description') || carried.has('messages') || carried.has('reply')) && messages.length > 0;
}
