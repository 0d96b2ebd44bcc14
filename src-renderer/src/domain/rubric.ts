// Rubrics as the supervisors define them: sections with weights, criteria with a scale, weight, N/A, critical
// rules, guidance per level and root-cause tags. A definition is plain data; versions pin one for scoring.
import { z } from 'zod';

export type Scale = { kind: 'binary' } | { kind: 'points'; levels: 3 | 4 | 5 } | { kind: 'range'; max: number };
export type AppliesTo = 'calls' | 'tickets' | 'both';

export interface CriticalRule {
  /** fail-section sets its section to 0; fail-all sets the evaluation to 0. */
  scope: 'section' | 'all';
  /** A criterion score s below this (0..1) fails; default 0.5 ("below 50 %"). */
  threshold: number;
}

export interface Criterion {
  id: string;
  title: string;
  description: string;
  /** What each level means, lowest level first (binary: [no, yes]). */
  guidance: string[];
  scale: Scale;
  /** Integer 0-100. */
  weight: number;
  allowNa: boolean;
  critical: CriticalRule | null;
  appliesTo: AppliesTo;
  /** Tags a reviewer may pick when the criterion fails (why it went wrong). */
  rootCauses: string[];
}

export interface Section {
  id: string;
  title: string;
  /** Relative weight of the section; equal weights by default. */
  weight: number;
  criteria: Criterion[];
}

export interface RubricDefinition {
  name: string;
  description: string;
  language: 'en' | 'zh-CN';
  /** 0-100; an evaluation passes at or above it when nothing failed it. */
  passingScore: number;
  sections: Section[];
}

export const DEFAULT_PASSING_SCORE = 80;
export const DEFAULT_CRITICAL_THRESHOLD = 0.5;

/** The values a criterion's scale allows, lowest first. */
export function scaleValues(scale: Scale): number[] {
  if (scale.kind === 'binary') return [0, 1];
  if (scale.kind === 'points') return Array.from({ length: scale.levels }, (_, i) => i + 1);
  return Array.from({ length: scale.max + 1 }, (_, i) => i);
}

export function scaleRange(scale: Scale): { min: number; max: number } {
  const v = scaleValues(scale);
  return { min: v[0]!, max: v[v.length - 1]! };
}

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only');
const scaleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('binary') }).strict(),
  z.object({ kind: z.literal('points'), levels: z.union([z.literal(3), z.literal(4), z.literal(5)]) }).strict(),
  z.object({ kind: z.literal('range'), max: z.number().int().min(1).max(100) }).strict(),
]);

export const criterionSchema = z
  .object({
    id,
    title: z.string().trim().min(1, 'a title is required').max(200),
    description: z.string().max(2000).default(''),
    guidance: z.array(z.string().max(1000)).max(101).default([]),
    scale: scaleSchema,
    weight: z.number().int('a whole number').min(0).max(100),
    allowNa: z.boolean().default(false),
    critical: z.object({ scope: z.enum(['section', 'all']), threshold: z.number().gt(0).max(1).default(DEFAULT_CRITICAL_THRESHOLD) }).strict().nullable().default(null),
    appliesTo: z.enum(['calls', 'tickets', 'both']).default('both'),
    rootCauses: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
  })
  .strict();

export const rubricSchema = z
  .object({
    name: z.string().trim().min(1, 'a name is required').max(200),
    description: z.string().max(4000).default(''),
    language: z.enum(['en', 'zh-CN']).default('en'),
    passingScore: z.number().min(0).max(100).default(DEFAULT_PASSING_SCORE),
    sections: z
      .array(
        z
          .object({
            id,
            title: z.string().trim().min(1, 'a title is required').max(200),
            weight: z.number().positive('must be above 0').max(1000).default(1),
            criteria: z.array(criterionSchema).min(1, 'a section needs at least one criterion'),
          })
          .strict(),
      )
      .min(1, 'a rubric needs at least one section'),
  })
  .strict();

export interface RubricProblem {
  /** Where, as a path a person can follow: "sections.1.criteria.0.weight". */
  path: string;
  message: string;
}

/** Validates a definition (from the builder or an imported JSON file); every problem names where it is. */
export function checkRubric(input: unknown): { ok: true; rubric: RubricDefinition } | { ok: false; problems: RubricProblem[] } {
  const parsed = rubricSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  const rubric = parsed.data as RubricDefinition;
  const problems: RubricProblem[] = [];
  const seen = new Set<string>();
  rubric.sections.forEach((s, si) => {
    if (seen.has(s.id)) problems.push({ path: `sections.${si}.id`, message: `duplicate id "${s.id}"` });
    seen.add(s.id);
    s.criteria.forEach((c, ci) => {
      if (seen.has(c.id)) problems.push({ path: `sections.${si}.criteria.${ci}.id`, message: `duplicate id "${c.id}"` });
      seen.add(c.id);
      const levels = scaleValues(c.scale).length;
      if (c.guidance.length > levels) problems.push({ path: `sections.${si}.criteria.${ci}.guidance`, message: `${c.guidance.length} guidance texts for ${levels} levels` });
    });
  });
  return problems.length ? { ok: false, problems } : { ok: true, rubric };
}

/** Does a criterion apply to this kind of item? */
export function appliesToItem(c: Criterion, kind: 'call' | 'ticket'): boolean {
  return c.appliesTo === 'both' || (kind === 'call' ? c.appliesTo === 'calls' : c.appliesTo === 'tickets');
}
