// The ticket list's filters as plain data, and the predicate that applies them (with each ticket's metrics).
import type { Channel, Priority, Ticket, TicketCategory } from './model';
import type { TicketMetrics } from './serviceStandards';

export interface TicketFilter {
  text: string;
  teamIds: string[];
  agentIds: string[];
  channels: Channel[];
  priorities: Priority[];
  categories: TicketCategory[];
  /** ISO bounds on the creation time. */
  from: string | null;
  to: string | null;
  csat: 'any' | 'satisfied' | 'neutral' | 'dissatisfied' | 'unrated';
  sla: 'any' | 'breached' | 'met';
  hasRecording: boolean;
  flagged: boolean;
}

export const EMPTY_FILTER: TicketFilter = {
  text: '',
  teamIds: [],
  agentIds: [],
  channels: [],
  priorities: [],
  categories: [],
  from: null,
  to: null,
  csat: 'any',
  sla: 'any',
  hasRecording: false,
  flagged: false,
};

export function matchesTicket(t: Ticket, m: TicketMetrics, f: TicketFilter, withRecording: Set<string>): boolean {
  if (f.teamIds.length && (!t.teamId || !f.teamIds.includes(t.teamId))) return false;
  if (f.agentIds.length && (!t.agentId || !f.agentIds.includes(t.agentId))) return false;
  if (f.channels.length && !f.channels.includes(t.channel)) return false;
  if (f.priorities.length && !f.priorities.includes(t.priority)) return false;
  if (f.categories.length && !f.categories.includes(t.category)) return false;
  if (f.from && t.openedAt < f.from) return false;
  if (f.to && t.openedAt > f.to) return false;
  if (f.csat !== 'any') {
    const c = t.csat;
    if (f.csat === 'unrated' ? c !== null : c === null) return false;
    if (f.csat === 'satisfied' && c! < 4) return false;
    if (f.csat === 'neutral' && c !== 3) return false;
    if (f.csat === 'dissatisfied' && c! > 2) return false;
  }
  if (f.sla === 'breached' && !m.breached) return false;
  if (f.sla === 'met' && m.breached) return false;
  if (f.hasRecording && !withRecording.has(t.id)) return false;
  if (f.flagged && !(t.flags && t.flags.length)) return false;
  if (f.text) {
    const q = f.text.toLowerCase();
    if (!t.subject.toLowerCase().includes(q) && !t.externalId.toLowerCase().includes(q) && !t.customerName.toLowerCase().includes(q) && !t.product.toLowerCase().includes(q))
      return false;
  }
  return true;
}
