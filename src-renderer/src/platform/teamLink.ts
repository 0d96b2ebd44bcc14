// Team mode's link to the server: main's team session, through the contract (main signs in as the person and
// holds the connection; this window never sees a credential). What the replica and its schedule ask goes here.
import type { TeamConnection } from '@contract';
import type { TeamLink } from '@renderer/db/teamSync';
import { REPLICA_PREFIX } from '@renderer/domain/replication';
import { qa, QaCallError } from './qa';

export const mainTeamLink: TeamLink = {
  bounds: () => qa('teamBounds', {}),
  page: (table, lo, hi, after, limit) => qa('teamPage', { table, lo, hi, after, limit }),
  feed: (tables, lo) => qa('teamFeed', { tables, lo }),
  changed: (tables, lo, hi) => qa('teamChanged', { tables, lo, hi }),
  tombstones: (lo, hi) => qa('teamTombstones', { lo, hi }),
  ids: (table) => qa('teamIds', { table }),
  records: (table, ids) => qa('teamRecords', { table, ids }),
  write: (tx) => qa('teamWrite', tx),
  notices: (timeoutMs) => qa('teamNotices', { timeoutMs }),
  lease: async (job, release) => (await qa('teamLease', { job, release })).leader,
};

/** The server could not be reached (main says io on the connection): writes wait and the round is retried. */
export const isOfflineError = (err: unknown): boolean => err instanceof QaCallError && err.shape.code === 'io';

/** The replica's database on this workstation: one per person and server, so nobody's rows sit in another's replica. */
export const teamDatabaseName = (c: TeamConnection, login: string): string => `${REPLICA_PREFIX}${login}@${c.host}:${c.port}/${c.database}`;
