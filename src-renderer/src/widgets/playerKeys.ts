// The player's keys, decided in one place: Space plays, ←/→ skip 5 s (Shift: 30 s), < / > change the speed, and
// where spans can be marked (the review workspace) [ starts a span at the play head and ] ends it there.
export type PlayerKeyAction =
  | { kind: 'play-pause' }
  | { kind: 'skip'; seconds: number }
  | { kind: 'rate'; step: -1 | 1 }
  | { kind: 'span-start'; at: number }
  | { kind: 'span'; start: number; end: number };

/** Without a start, ] marks what was just heard: the last few seconds. */
export const SPAN_WITHOUT_START = 5;

export function playerKey(e: Pick<KeyboardEvent, 'key' | 'code' | 'shiftKey'>, state: { time: number; spanStart: number | null; canMark: boolean }): PlayerKeyAction | null {
  if (e.code === 'Space') return { kind: 'play-pause' };
  if (e.key === 'ArrowLeft') return { kind: 'skip', seconds: e.shiftKey ? -30 : -5 };
  if (e.key === 'ArrowRight') return { kind: 'skip', seconds: e.shiftKey ? 30 : 5 };
  if (e.key === '<' || e.key === ',') return { kind: 'rate', step: -1 };
  if (e.key === '>' || e.key === '.') return { kind: 'rate', step: 1 };
  if (!state.canMark) return null;
  if (e.key === '[') return { kind: 'span-start', at: state.time };
  if (e.key === ']') {
    const start = state.spanStart ?? Math.max(0, state.time - SPAN_WITHOUT_START);
    // A span marked backwards (] before [ in time, after seeking back) is the same span.
    return start === state.time ? null : { kind: 'span', start: Math.min(start, state.time), end: Math.max(start, state.time) };
  }
  return null;
}
