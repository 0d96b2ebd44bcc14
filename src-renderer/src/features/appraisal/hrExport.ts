// HR export of a period's locked records, in a fixed, documented column layout (README, "Appraisal"): the column
// names are stable identifiers in English whatever the console's language, so an HR import maps them once. Figures
// are numbers (one decimal for scores, rates as percentages); a missing component is an empty cell and is named in
// `missing_components` (qa_score too: the QA component, empty when too few evaluations left it out; the mean of
// whatever evaluations there were is in its own column at the end, qa_mean_all_evaluations).
import type { LockedAppraisalRecord } from '@renderer/domain/model';
import type { ComponentKey } from '@renderer/domain/appraisal';
import type { OutTable } from '@renderer/workers/tableFile';

export const HR_COLUMNS = [
  'employee_number',
  'name',
  'team',
  'period',
  'period_kind',
  'record_version',
  'qa_score',
  'qa_evaluations',
  'pass_rate_pct',
  'critical_failures',
  'csat_component',
  'sla_component',
  'actions_on_time_component',
  'supervisor_assessment',
  'self_assessment',
  'composite',
  'grade',
  'missing_components',
  'first_contact_resolution_pct',
  'disputes_raised',
  'disputes_adjusted',
  'locked_at',
  'locked_by',
  'amend_reason',
  'supersedes_hash',
  'record_hash',
  'signer_key_id',
  'signature',
  'qa_mean_all_evaluations',
] as const;

const one = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x * 10) / 10);

export function hrTable(records: readonly LockedAppraisalRecord[]): OutTable {
  return {
    sheet: 'appraisal',
    header: [...HR_COLUMNS],
    rows: records.map((r) => {
      const c = r.content;
      const comp = (k: ComponentKey) => one(c.composite.components.find((x) => x.key === k)?.value);
      const f = c.figures;
      return [
        c.employeeNo,
        c.staffName,
        c.teamName,
        c.period.key,
        c.period.kind,
        r.version,
        comp('qa'),
        f.qa.n,
        f.passRate.rate === null ? null : one(f.passRate.rate * 100),
        f.criticalFailures.count,
        comp('csat'),
        comp('sla'),
        comp('actions'),
        comp('supervisor'),
        comp('self'),
        one(c.composite.value),
        c.composite.grade,
        c.composite.missing.join(' '),
        f.fcr.rate === null ? null : one(f.fcr.rate * 100),
        f.disputes.raised,
        f.disputes.adjusted,
        c.lockedAt,
        c.lockedBy,
        c.amendReason,
        c.supersedesHash,
        r.contentHash,
        r.signature.keyId,
        r.signature.value,
        one(f.qa.mean),
      ];
    }),
  };
}

