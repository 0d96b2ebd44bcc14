// The scorecard's keys, decided in one place: Ctrl/⌘+Enter submits (even while typing a note), ? shows the keys,
// ↓/j and ↑/k move between criteria, n marks the focused criterion N/A (where allowed), and a digit on the
// criterion's scale answers it and moves on, except when that answer fails a critical criterion (its note comes first).
import { criterionScore } from '@renderer/domain/scoring';
import { scaleValues, type Criterion } from '@renderer/domain/rubric';

export type ScorecardKeyAction =
  | { kind: 'submit' }
  | { kind: 'help' }
  | { kind: 'focus'; index: number }
  | { kind: 'answer'; value: number | null; next: number | null };

/** Is the key going into a text field (radio buttons and checkboxes take focus when clicked, yet keys still score)? */
export function isTyping(target: { tagName: string; type?: string } | null): boolean {
  return !!target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) && !/^(radio|checkbox)$/.test(target.type ?? '');
}

export function scorecardKey(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey'>,
  state: { typing: boolean; focus: number; count: number; criterion: Criterion | undefined },
): ScorecardKeyAction | null {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) return { kind: 'submit' };
  if (state.typing) return null;
  const last = state.count - 1;
  const cur = state.criterion;
  if (e.key === '?') return { kind: 'help' };
  if (e.key === 'ArrowDown' || e.key === 'j') return { kind: 'focus', index: Math.min(last, state.focus + 1) };
  if (e.key === 'ArrowUp' || e.key === 'k') return { kind: 'focus', index: Math.max(0, state.focus - 1) };
  if (!cur) return null;
  if ((e.key === 'n' || e.key === 'N') && cur.allowNa) return { kind: 'answer', value: null, next: Math.min(last, state.focus + 1) };
  if (/^[0-9]$/.test(e.key) && scaleValues(cur.scale).includes(Number(e.key))) {
    const value = Number(e.key);
    const failsCritical = !!cur.critical && criterionScore(cur, value) < cur.critical.threshold;
    return { kind: 'answer', value, next: failsCritical ? null : Math.min(last, state.focus + 1) };
  }
  return null;
}
