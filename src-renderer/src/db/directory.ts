// The department's directory as a session may see it. Pages read people and teams through these, never through the
// database handle.
// A session names everyone it may read, and the people who review, lead or administer (whose names appear on
// everyone's evaluations and actions); other teams' and teammates' names stay with those who may read them.
import type { Person, Team } from '@renderer/domain/model';
import { mayScore } from '@renderer/domain/roles';
import { requireActor } from './access';
import type { RepoContext } from './context';
import { readablePersonIds } from './scoped';

export async function directoryPeople(ctx: RepoContext): Promise<Person[]> {
  const ids = await readablePersonIds(ctx);
  const all = await ctx.db.people.toArray();
  if (ids === null) return all;
  const readable = new Set(ids);
  return all.filter((p) => readable.has(p.id) || mayScore(p.role));
}

/** Names by person id, of the people the session may name. */
export async function personNames(ctx: RepoContext): Promise<Map<string, string>> {
  return new Map((await directoryPeople(ctx)).map((p) => [p.id, p.name]));
}

/** Teams (their names are no one's personal data). */
export function directoryTeams(ctx: RepoContext): Promise<Team[]> {
  requireActor(ctx);
  return ctx.db.teams.toArray();
}
