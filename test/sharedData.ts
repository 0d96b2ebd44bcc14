// The public recordings and transcripts the tests read (../shared/data beside the checkout, or QA_SHARED_DATA).
// On a fresh clone with nothing beside it the tests that need them are skipped, each saying so in one line; CI has
// the folder and runs them.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHARED_DATA = resolve(process.env.QA_SHARED_DATA ?? join(__dirname, '..', '..', 'shared', 'data'));
export const hasSharedData = existsSync(join(SHARED_DATA, 'audio'));

/** A path inside the shared data folder. */
export const sharedData = (...parts: string[]) => join(SHARED_DATA, ...parts);

const said = new Set<string>();
/** True (and one printed line per suite) when the shared data is absent and the suite must be skipped. */
export function withoutSharedData(suite: string): boolean {
  if (hasSharedData) return false;
  if (!said.has(suite)) {
    said.add(suite);
    console.log(`skipped: ${suite}: no public test data at ${SHARED_DATA} (put ../shared/data beside the checkout or set QA_SHARED_DATA)`);
  }
  return true;
}
