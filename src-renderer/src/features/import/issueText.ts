// Words for an import issue: what went wrong on which row and column, in the user's language.
import type { ImportIssue } from '@renderer/domain/import/tickets';
import { i18n } from '@renderer/ui/i18n';

const VALUE_FIELDS = ['priority', 'category', 'status', 'channel'] as const;

/** A stored value named in a detail ("normal", "usage-question") in the reader's words, when it is one. */
function valueWords(detail: string): string {
  const field = VALUE_FIELDS.find((f) => i18n.exists(`values.${f}.${detail}`));
  return field ? i18n.t(`values.${field}.${detail}`) : detail;
}

export function issueText(issue: ImportIssue): string {
  const detail = issue.code === 'defaulted' ? valueWords(issue.detail ?? '') : (issue.detail ?? '');
  return i18n.t(`import.issue.${issue.code}`, { value: issue.value ?? '', detail, defaultValue: issue.code });
}
