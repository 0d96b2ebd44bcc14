// What must not sit on disk in clear (the appraisal database's password, the signing key): the platform's secret
// store in the app (safeStorage, passed in by main), or a key file in the browser host.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writePrivateFile } from './privateFiles';

/** Encrypts what must not sit on disk in clear: Electron's safeStorage in the app, a key file in the browser host. */
export interface SecretBox {
  kind: 'os' | 'plain' | 'file' | 'unavailable';
  encrypt(text: string): Promise<string>;
  decrypt(data: string): Promise<string>;
}

/**
 * The browser host's stand-in for the platform keychain (dev and tests only; Electron uses safeStorage): AES-256-GCM
 * with a random key kept in a file readable by the user alone, beside the data.
 */
export function fileSecretBox(dataDir: string): SecretBox {
  const keyFile = join(dataDir, 'secret.key');
  const key = async (): Promise<Buffer> => {
    const existing = await readFile(keyFile).catch(() => null);
    if (existing?.length === 32) return existing;
    const fresh = randomBytes(32);
    await writePrivateFile(keyFile, fresh);
    return fresh;
  };
  return {
    kind: 'file',
    encrypt: async (text) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', await key(), iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    decrypt: async (data) => {
      const raw = Buffer.from(data, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', await key(), raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
