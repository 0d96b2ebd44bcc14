// The signed-in session and what every page needs from it: the repository context, the person, settings.
import { createContext, useContext } from 'react';
import type { AppInfo } from '@contract';
import type { Person } from '@renderer/domain/model';
import type { Settings } from '@renderer/domain/settings';
import type { RepoContext } from '@renderer/db/context';

export interface AppSession {
  ctx: RepoContext;
  person: Person;
  info: AppInfo;
  settings: Settings;
  reloadSettings(): Promise<void>;
  signOut(): void;
}

export const SessionContext = createContext<AppSession | null>(null);

export function useSession(): AppSession {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in session');
  return s;
}
