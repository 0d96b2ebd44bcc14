// Holds the session id main hands out: taken from a reply's `session` field (and removed from it, so the page's
// code never receives it as a value), kept in this tab's sessionStorage for reloads, sent with the next call.
// Shared by the preload and the browser host's bridge; plain code, tested in Node.

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const SESSION_KEY = 'qa.main.session';

export function sessionCarrier(store: KeyValueStore | undefined) {
  // The key is written out here (not SESSION_KEY) because the browser host inlines this function's source.
  const key = 'qa.main.session';
  let id: string | null = null;
  try {
    id = store?.getItem(key) ?? null;
  } catch {
    id = null;
  }
  return {
    current: () => id,
    /** Takes the session change out of a reply, if there is one, and returns the reply without it. */
    receive<T>(reply: T): T {
      if (reply && typeof reply === 'object' && 'session' in reply) {
        const { session, ...rest } = reply as T & { session: unknown };
        id = typeof session === 'string' ? session : null;
        try {
          if (id) store?.setItem(key, id);
          else store?.removeItem(key);
        } catch {
          // Storage refused (private mode, quota): the session still lasts until the page reloads.
        }
        return rest as T;
      }
      return reply;
    },
  };
}
