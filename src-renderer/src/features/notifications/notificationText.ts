// A notification's words in the reader's language, built from its kind and data (entries store no text).
import type { TFunction } from 'i18next';
import type { AppNotification } from '@renderer/domain/model';
import { formatDateTime } from '@renderer/ui/i18n';

export function notificationText(t: TFunction, n: Pick<AppNotification, 'kind' | 'data'>): { title: string; body: string } {
  if (n.kind === 'digest')
    return {
      title: t('notifications.kind.digest'),
      // Only the parts that have something: "1 escalated", not "0 overdue, 0 due this week, 1 escalated".
      body: [
        n.data.overdue ? t('notifications.digestPart.overdue', { n: n.data.overdue }) : '',
        n.data.dueThisWeek ? t('notifications.digestPart.week', { n: n.data.dueThisWeek }) : '',
        n.data.escalated ? t('notifications.digestPart.escalated', { n: n.data.escalated }) : '',
      ]
        .filter(Boolean)
        .join(t('notifications.separator')),
    };
  return { title: t(`notifications.kind.${n.kind}`), body: t('notifications.actionBody', { title: n.data.title ?? '', due: formatDateTime(n.data.dueAt) }) };
}
