// The company's own value lists: ticket categories and statuses beyond the built-in ones, each with its names in
// both languages and the words exports use for it, so the importer maps "退换货" or "垃圾工单" to what the company
// means instead of forcing every word into three fixed categories. A status says what it means: a step of the
// ticket's life (open, pending, solved, closed) or that the helpdesk took the ticket out (deleted, spam, merged,
// scrubbed) — such a ticket keeps that state and is never sampled.
import type { TicketStatus } from './model';

export const LIFECYCLE_STATUSES = ['open', 'pending', 'solved', 'closed'] as const satisfies readonly TicketStatus[];
/** What a helpdesk can do to a ticket that takes it out of the work: it is kept, shown as such, never sampled. */
export const REMOVAL_STATES = ['deleted', 'spam', 'merged', 'scrubbed'] as const;
export type RemovalState = (typeof REMOVAL_STATES)[number];
export type StatusMeaning = TicketStatus | RemovalState;

export const BUILT_IN_CATEGORIES = ['function-question', 'system-fault', 'usage-question'] as const;
export const BUILT_IN_STATUSES: readonly StatusMeaning[] = [...LIFECYCLE_STATUSES, ...REMOVAL_STATES];

export type ListField = 'category' | 'status';

export interface ValueEntry {
  /** Stored on tickets; letters, digits and dashes, never a built-in value. */
  value: string;
  labels: { en: string; 'zh-CN': string };
  /** Words exports use for it (matched like the built-in words: case, spaces and underscores ignored). */
  words: string[];
  /** Statuses only: what the company's status means. */
  meaning?: StatusMeaning;
}

export interface ValueLists {
  category: ValueEntry[];
  status: ValueEntry[];
}

export const EMPTY_VALUE_LISTS: ValueLists = { category: [], status: [] };

export const isRemovalState = (v: string | undefined | null): v is RemovalState => !!v && (REMOVAL_STATES as readonly string[]).includes(v);

/** Every value a field can hold: the built-in ones, then the company's. */
export function listValues(field: ListField, lists: ValueLists): string[] {
  return [...(field === 'category' ? BUILT_IN_CATEGORIES : BUILT_IN_STATUSES), ...lists[field].map((e) => e.value)];
}

/** A company value's name in a language, or null for a built-in value (the catalogue names those). */
export function customLabel(field: ListField, value: string, lists: ValueLists, lang: 'en' | 'zh-CN'): string | null {
  const e = lists[field].find((x) => x.value === value);
  return e ? e.labels[lang] || e.labels.en || e.labels['zh-CN'] || value : null;
}

/** What a stored status word resolves to on a ticket: its life-cycle status and, if any, its removal and own value. */
export function resolveStatus(value: string, lists: ValueLists, resolved: boolean): { status: TicketStatus; helpdeskState: RemovalState | null; statusValue: string | null } {
  const custom = lists.status.find((e) => e.value === value);
  const meaning: string = custom?.meaning ?? value;
  if (isRemovalState(meaning)) return { status: resolved ? 'solved' : 'closed', helpdeskState: meaning, statusValue: custom ? value : null };
  const status = (LIFECYCLE_STATUSES as readonly string[]).includes(meaning) ? (meaning as TicketStatus) : resolved ? 'solved' : 'open';
  return { status, helpdeskState: null, statusValue: custom ? value : null };
}

export interface ValueListProblem {
  field: ListField;
  /** 1-based row in the list as the admin sees it. */
  row: number;
  part: 'value' | 'labels' | 'words' | 'meaning';
  code: 'empty' | 'bad-value' | 'built-in' | 'duplicate' | 'word-taken' | 'no-meaning';
  value?: string;
}

const VALUE = /^[a-z0-9][a-z0-9-]{0,39}$/;
const norm = (w: string) => w.trim().toLowerCase().replace(/[\s_]+/g, ' ');

/** Every problem in the lists an admin is saving, each naming the list, the row and the part. */
export function validateValueLists(lists: ValueLists, builtInWords: Record<ListField, Record<string, string>>): ValueListProblem[] {
  const out: ValueListProblem[] = [];
  for (const field of ['category', 'status'] as const) {
    const builtIns = field === 'category' ? (BUILT_IN_CATEGORIES as readonly string[]) : (BUILT_IN_STATUSES as readonly string[]);
    const seen = new Set<string>();
    const words = new Map<string, string>();
    lists[field].forEach((e, i) => {
      const row = i + 1;
      const p = (part: ValueListProblem['part'], code: ValueListProblem['code'], value?: string) => out.push({ field, row, part, code, ...(value !== undefined ? { value } : {}) });
      if (!e.value) p('value', 'empty');
      else if (!VALUE.test(e.value)) p('value', 'bad-value', e.value);
      else if (builtIns.includes(e.value)) p('value', 'built-in', e.value);
      else if (seen.has(e.value)) p('value', 'duplicate', e.value);
      seen.add(e.value);
      if (!e.labels.en.trim() && !e.labels['zh-CN'].trim()) p('labels', 'empty');
      if (field === 'status' && !e.meaning) p('meaning', 'no-meaning');
      for (const w of e.words) {
        const k = norm(w);
        if (!k) continue;
        const taken = words.get(k) ?? builtInWords[field][k];
        if (taken !== undefined && taken !== e.value) p('words', 'word-taken', w);
        words.set(k, e.value);
      }
    });
  }
  return out;
}

/** A value for a new entry from its name: an ASCII slug when the name has one, else "c-" / "s-" and a number. */
export function suggestValue(field: ListField, label: string, lists: ValueLists): string {
  const taken = new Set(listValues(field, lists));
  const slug = label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  if (slug && !taken.has(slug) && VALUE.test(slug)) return slug;
  for (let n = lists[field].length + 1; ; n++) {
    const v = `${field === 'category' ? 'c' : 's'}-${n}`;
    if (!taken.has(v)) return v;
  }
}

/** The company's words as vocabularies the importer consults after the user's own choices. */
export function listVocabulary(lists: ValueLists): Record<ListField, Record<string, string>> {
  const out: Record<ListField, Record<string, string>> = { category: {}, status: {} };
  for (const field of ['category', 'status'] as const)
    for (const e of lists[field]) for (const w of [e.value, e.labels.en, e.labels['zh-CN'], ...e.words]) if (norm(w)) out[field][norm(w)] = e.value;
  return out;
}
