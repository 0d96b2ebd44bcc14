// What an evaluation must satisfy before it is submitted, and whether a dispute may still be raised: pure rules
// the repository enforces and the UI shows before the user tries.
import { appliesToItem, scaleValues, type RubricDefinition } from './rubric';
import { criterionScore } from './scoring';
import type { EvaluationAnswer, EvaluationComment } from './model';

export interface SubmissionProblem {
  criterionId: string;
  problem: 'unanswered' | 'na-not-allowed' | 'not-on-scale' | 'critical-needs-comment';
}

export function checkSubmission(
  rubric: RubricDefinition,
  itemKind: 'call' | 'ticket',
  answers: Record<string, EvaluationAnswer>,
  comments: EvaluationComment[],
): SubmissionProblem[] {
  const problems: SubmissionProblem[] = [];
  for (const c of rubric.sections.flatMap((s) => s.criteria)) {
    if (!appliesToItem(c, itemKind)) continue;
    const a = answers[c.id];
    if (!a) problems.push({ criterionId: c.id, problem: 'unanswered' });
    else if (a.value === null) {
      if (!c.allowNa) problems.push({ criterionId: c.id, problem: 'na-not-allowed' });
    } else if (!scaleValues(c.scale).includes(a.value)) problems.push({ criterionId: c.id, problem: 'not-on-scale' });
    else if (c.critical && criterionScore(c, a.value) < c.critical.threshold) {
      // A critical failure must say why: a note on the answer or a comment on the criterion.
      const explained = (a.note ?? '').trim() !== '' || comments.some((x) => x.criterionId === c.id && x.text.trim() !== '');
      if (!explained) problems.push({ criterionId: c.id, problem: 'critical-needs-comment' });
    }
  }
  return problems;
}

/** Until when the staff member may dispute an evaluation submitted at `submittedAt`. */
export function disputeDeadline(submittedAt: string, windowDays: number): string {
  return new Date(Date.parse(submittedAt) + windowDays * 86400000).toISOString();
}
