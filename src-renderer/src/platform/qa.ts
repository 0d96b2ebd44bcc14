// The renderer's view of window.qa: typed by the contract, unwrapping result envelopes into values or QaCallErrors.
import type { Input, Method, Output, QaApi, QaErrorShape, Result } from '@contract';
import type { AccountAuthority } from '@renderer/db/passwords';

declare global {
  interface Window {
    qa?: QaApi;
  }
}

export class QaCallError extends Error {
  constructor(
    readonly method: string,
    readonly shape: QaErrorShape,
  ) {
    super(shape.message);
    this.name = 'QaCallError';
  }
}

export async function qa<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
  const api = window.qa;
  if (!api) throw new QaCallError(method, { code: 'internal', message: 'window.qa is not available' });
  const result = (await (api[method] as unknown as (i: Input<M>) => Promise<Result<Output<M>>>)(input));
  if (!result.ok) throw new QaCallError(method, result.error);
  return result.value;
}

/** Sign-in, passwords and accounts, decided by main (which holds the session this window signs in to). */
export const mainAuthority: AccountAuthority = {
  setPassword: (personId, password, { role, active }) => qa('setPassword', { personId, password, role, active }),
  signIn: async (personId, password) => {
    const r = await qa('signIn', { personId, password });
    return r.ok ? { ok: true, rehash: r.rehash } : { ok: false, rehash: null, reason: r.reason };
  },
  confirm: async (_personId, password) => (await qa('confirmPassword', { password })).ok,
  register: async (accounts, replace) => void (await qa('putAccounts', { accounts, replace })),
};
