// Words for an import issue: what went wrong on which row and column, in the user's language.
import type { ImportIssue } from '@renderer/domain/import/tickets';
import { i18n } from '@renderer/ui/i18n';

export function issueText(issue: ImportIssue): string {
  return i18n.t(`import.issue.${issue.code}`, { value: issue.value ?? '', detail: issue.detail ?? '', defaultValue: issue.code });
}
