// A session main holds for a test caller: what sign-in would have opened, without a password round trip (sign-in
// itself is tested in accounts.test.ts). The caller goes to dispatch as the preload's envelope would.
import type { SessionRole } from '@contract';
import type { Caller, ServiceContext } from '../../src-main/services';

export function signedIn(ctx: Pick<ServiceContext, 'sessions'>, role: SessionRole = 'supervisor', personId = `test-${role}`): Caller {
  return { sessionId: ctx.sessions.open(personId, role, null).id, owner: null };
}
