// The filtered list of corrective actions as a table for CSV / XLSX: one row per action, headers and values in the
// reader's language, instants in local time, the figures a spreadsheet sums (extensions, days overdue) as numbers.
import type { TFunction } from 'i18next';
import type { CorrectiveAction } from '@renderer/domain/model';
import { daysOverdue } from '@renderer/domain/correctiveActions';
import type { OutTable } from '@renderer/workers/tableFile';
import { formatDateTime } from '@renderer/ui/i18n';

export function actionsTable(t: TFunction, actions: readonly CorrectiveAction[], names: Map<string, string>, teams: Map<string, string>, nowMs: number): OutTable {
  const when = (iso: string | null) => (iso ? formatDateTime(iso) : '');
  return {
    sheet: t('corrective.exportSheet'),
    header: [
      t('corrective.titleField'),
      t('corrective.staff'),
      t('corrective.team'),
      t('corrective.owner'),
      t('review.status'),
      t('corrective.priority'),
      t('corrective.rootCauses'),
      t('corrective.plan'),
      t('corrective.createdAt'),
      t('corrective.due'),
      t('corrective.originalDue'),
      t('corrective.extensions'),
      t('corrective.daysOverdue'),
      t('corrective.acknowledged'),
      t('corrective.completedAt'),
      t('corrective.closedAt'),
      t('corrective.verification'),
      t('corrective.attachments'),
      'ID',
    ],
    rows: actions.map((a) => [
      a.title,
      names.get(a.staffId) ?? a.staffId,
      a.teamId ? (teams.get(a.teamId) ?? a.teamId) : '',
      names.get(a.ownerId) ?? a.ownerId,
      a.status === 'closed' && a.outcome ? t(`corrective.outcome.${a.outcome}`) : t(`corrective.status.${a.status}`),
      t(`corrective.priorities.${a.priority}`),
      a.rootCauses.map((c) => t(`corrective.rootCause.${c}`)).join(', '),
      a.plan,
      when(a.createdAt),
      when(a.dueAt),
      when(a.originalDueAt),
      a.extensions,
      daysOverdue(a, nowMs),
      when(a.acknowledgedAt),
      when(a.completedAt),
      when(a.closedAt),
      a.verification.kind === 'follow-ups' ? t('corrective.verifyFollowUpsN', { n: a.verification.count }) : t('corrective.verifyManual'),
      a.attachments.join('\n'),
      a.id,
    ]),
  };
}
