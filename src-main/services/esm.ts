// Loads an ESM-only package from code that may run as CommonJS (the bundled main, or tsx in the test host,
// whose CommonJS dynamic import cannot resolve bare names): try the plain import, else import the resolved file.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export async function importEsm<T>(specifier: string): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code !== 'ERR_UNSUPPORTED_RESOLVE_REQUEST' && code !== 'ERR_INVALID_URL' && code !== 'ERR_MODULE_NOT_FOUND') throw e;
    const base = typeof __filename === 'string' ? __filename : join(process.cwd(), 'index.js');
    return (await import(pathToFileURL(createRequire(base).resolve(specifier)).href)) as T;
  }
}
