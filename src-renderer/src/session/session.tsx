// The signed-in session and what every page needs from it: the repository context, the person, settings.
import { createContext, useContext, useEffect, useState } from 'react';
import type { AppInfo, TeamConnection } from '@contract';
import type { TeamSync, TeamSyncState } from '@renderer/db/teamSync';
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
  /** Team mode: the server, the person's login and the replica's schedule; null on a standalone workstation. */
  team: TeamInfo | null;
}

export interface TeamInfo {
  connection: TeamConnection;
  login: string;
  sync: TeamSync;
}

export const SessionContext = createContext<AppSession | null>(null);

export function useSession(): AppSession {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in session');
  return s;
}

/** The team sync's state, live (null on a standalone workstation). */
export function useTeamState(): TeamSyncState | null {
  const team = useSession().team;
  const [state, setState] = useState<TeamSyncState | null>(team?.sync.state ?? null);
  useEffect(() => team?.sync.subscribe(setState), [team]);
  return state;
}
