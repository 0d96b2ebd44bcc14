// A notification's words in the reader's language, built from its kind and data (entries store no text).
import type { TFunction } from 'i18next';
import type { AppNotification } from '@renderer/domain/model';
import { formatDateTime } from '@renderer/ui/i18n';

export function notificationText(t: TFunction, n: Pick<AppNotification, 'kind' | 'data'>): { title: string; body: string } {
  if (n.kind === 'digest')
    return {
      title: t('notifications.kind.digest'),
      body: t('notifications.digestBody', { overdue: n.data.overdue ?? 0, week: n.data.dueThisWeek ?? 0, escalated: n.data.escalated ?? 0 }),
    };
  return { title: t(`notifications.kind.${n.kind}`), body: t('notifications.actionBody', { title: n.data.title ?? '', due: formatDateTime(n.data.dueAt) }) };
}
