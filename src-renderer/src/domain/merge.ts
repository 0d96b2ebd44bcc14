// A rev conflict, field by field: what this console changed, what the server holds, what the record was before
// both. The person chooses per field (the conflict screen); evaluations, whose scoring is an append-only history of
// revisions, are merged without loss instead: the server's revision stays in the history, this console's becomes
// the next one.
import { BASE_FIELDS } from './replication';
import type { Evaluation } from './model';

type Rec = Record<string, unknown>;

const same = (a: unknown, b: unknown) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Rec)[k])]));
  return v;
}

export interface FieldChoice {
  field: string;
  base: unknown;
  mine: unknown;
  server: unknown;
  /** Changed here since the base / changed on the server since the base. */
  mineChanged: boolean;
  serverChanged: boolean;
  /** What the screen proposes: the side that changed it; the server's when both did (the person decides). */
  proposed: 'mine' | 'server';
}

/** The fields where this console's version and the server's differ (bookkeeping fields aside). */
export function conflictFields(base: Rec | null, mine: Rec, server: Rec): FieldChoice[] {
  const skip = new Set<string>(BASE_FIELDS);
  const keys = [...new Set([...Object.keys(mine), ...Object.keys(server)])].filter((k) => !skip.has(k)).sort();
  return keys
    .filter((k) => !same(mine[k], server[k]))
    .map((field) => {
      const b = base ? base[field] : undefined;
      const mineChanged = !base || !same(mine[field], b);
      const serverChanged = !base || !same(server[field], b);
      return { field, base: b, mine: mine[field], server: server[field], mineChanged, serverChanged, proposed: mineChanged && !serverChanged ? 'mine' : 'server' };
    });
}

/** The record the person chose: the server's, with the fields they took from their own version; rev on the server's. */
export function chosenRecord(mine: Rec, server: Rec, takeMine: readonly string[]): Rec {
  const out: Rec = { ...server };
  for (const f of takeMine) {
    if (f in mine) out[f] = mine[f];
    else delete out[f];
  }
  return out;
}

const SCORING = ['answers', 'score', 'outcome', 'failedBy'] as const;

/**
 * An evaluation changed here and on the server at once, merged with nothing lost: the server's version is the base;
 * a revision made here is re-based onto it (the server's scoring goes into the history, this console's scoring is
 * the next revision, with its reason); other fields this console changed (an acknowledgement, feedback) are kept.
 */
export function mergeEvaluation(base: Evaluation, mine: Evaluation, server: Evaluation): Evaluation {
  const out: Evaluation = { ...server };
  const mineRevised = mine.revision > base.revision;
  if (mineRevised) {
    const added = mine.revisions.slice(base.revisions.length);
    const rebased = added.map((r, i) =>
      i === 0 ? { ...r, revision: server.revision, answers: server.answers, score: server.score, outcome: server.outcome ?? '' } : { ...r, revision: server.revision + i },
    );
    out.revisions = [...server.revisions, ...rebased];
    out.revision = server.revision + added.length;
    for (const f of SCORING) (out as unknown as Rec)[f] = (mine as unknown as Rec)[f];
  }
  const skip = new Set<string>([...BASE_FIELDS, 'revision', 'revisions', ...SCORING]);
  for (const k of Object.keys(mine)) {
    if (skip.has(k)) continue;
    const m = (mine as unknown as Rec)[k];
    if (same(m, (base as unknown as Rec)[k])) continue;
    // Both acknowledged: the first acknowledgement stands.
    if (k === 'acknowledgedAt' && server.acknowledgedAt && typeof m === 'string') out.acknowledgedAt = m < server.acknowledgedAt ? m : server.acknowledgedAt;
    else (out as unknown as Rec)[k] = m;
  }
  return out;
}
