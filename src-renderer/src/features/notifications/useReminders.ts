// Checks the signed-in person's corrective actions against the clock: at sign-in, every five minutes and when the
// window comes back into focus (on a team console, only the console holding the person's reminder lease: the same
// person signed in at two workstations is reminded once). What is new goes into the notification centre and, when the setting allows, out as
// a desktop notification through the contract (Electron's Notification in main). The first check of a day that
// finds something due yields the digest, which the shell shows.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Digest } from '@renderer/domain/reminders';
import { refreshReminders } from '@renderer/db/notifications';
import { qa } from '@renderer/platform/qa';
import { useSession } from '@renderer/session/session';
import { notificationText } from './notificationText';
import { useScheduledJob } from '@renderer/session/useScheduledJob';

const TIMES = { job: 'reminders', firstMs: 0, everyMs: 5 * 60_000 } as const;

/** The digest stays as content after it is closed (`digestOpen` false); the shell decides when it may show. */
export function useReminders(): { digest: Digest | null; digestOpen: boolean; closeDigest: () => void } {
  const { ctx, settings } = useSession();
  const { t } = useTranslation();
  const [digest, setDigest] = useState<Digest | null>(null);
  const [digestOpen, setDigestOpen] = useState(false);
  const desktop = useRef(settings.desktopNotifications);
  desktop.current = settings.desktopNotifications;
  const tr = useRef(t);
  tr.current = t;

  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const check = useScheduledJob(true, TIMES, async () => {
    const r = await refreshReminders(ctx);
    if (!mounted.current) return;
    if (r.digest) {
      setDigest(r.digest);
      setDigestOpen(true);
    }
    if (desktop.current)
      for (const n of r.added) {
        const text = notificationText(tr.current, n);
        await qa('notify', { title: text.title, body: text.body, tag: n.key.slice(0, 200) }).catch((e: unknown) => console.warn('desktop notification failed', e));
      }
  });
  useEffect(() => {
    window.addEventListener('focus', check);
    return () => window.removeEventListener('focus', check);
  }, [check]);

  return { digest, digestOpen, closeDigest: useCallback(() => setDigestOpen(false), []) };
}
