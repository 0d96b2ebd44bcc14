// Checks the signed-in person's corrective actions against the clock: at sign-in, every five minutes and when the
// window comes back into focus. What is new goes into the notification centre and, when the setting allows, out as
// a desktop notification through the contract (Electron's Notification in main). The first check of a day that
// finds something due yields the digest, which the shell shows.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Digest } from '@renderer/domain/reminders';
import { refreshReminders } from '@renderer/db/notifications';
import { qa } from '@renderer/platform/qa';
import { useSession } from '@renderer/session/session';
import { notificationText } from './notificationText';

const EVERY_MS = 5 * 60_000;

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

  useEffect(() => {
    let running = false;
    let stopped = false;
    const check = async () => {
      if (running || stopped) return;
      running = true;
      try {
        const r = await refreshReminders(ctx);
        if (stopped) return;
        if (r.digest) {
          setDigest(r.digest);
          setDigestOpen(true);
        }
        if (desktop.current)
          for (const n of r.added) {
            const text = notificationText(tr.current, n);
            await qa('notify', { title: text.title, body: text.body, tag: n.key.slice(0, 200) }).catch((e: unknown) => console.warn('desktop notification failed', e));
          }
      } catch (e) {
        console.error('reminder check failed', e);
      } finally {
        running = false;
      }
    };
    void check();
    const timer = window.setInterval(check, EVERY_MS);
    const onFocus = () => void check();
    window.addEventListener('focus', onFocus);
    return () => {
      stopped = true;
      window.clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, [ctx]);

  return { digest, digestOpen, closeDigest: useCallback(() => setDigestOpen(false), []) };
}
