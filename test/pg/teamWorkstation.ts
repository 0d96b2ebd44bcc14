// A workstation as main sees it, for team tests through the contract: its own data folder and service context, and
// a caller that keeps the session id main hands out (the preload's part), so each call is this window's.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHandlers, createServiceContext, dispatch, type Caller, type DispatchResult, type Handlers, type ServiceContext } from '../../src-main/services';

export interface Workstation {
  h: Handlers;
  ctx: ServiceContext;
  dataDir: string;
  call(method: string, payload?: unknown): Promise<DispatchResult>;
}

export function workstation(): Workstation {
  const dataDir = mkdtempSync(join(tmpdir(), 'qa-team-ws-'));
  const ctx = createServiceContext({ version: '0', host: 'web', platform: 'linux', osLocale: 'en', dataDir, backupDir: join(dataDir, 'b'), packaged: false }, (id) => `/media/${id}`);
  const h = createHandlers(ctx);
  const caller: Caller = { sessionId: null, owner: null };
  return {
    h,
    ctx,
    dataDir,
    call: async (method, payload = {}) => {
      const r = await dispatch(h, method, payload, caller);
      if (r.session !== undefined) caller.sessionId = r.session;
      return r;
    },
  };
}
