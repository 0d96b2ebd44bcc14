// Signing locked appraisal records: each console installation has an Ed25519 key pair (the private key encrypted by
// the same secret box as the database password); a locked record's content hash is signed with it, so the appraisal
// database holds records anyone can check came from a console, unchanged (Ed25519 over the hash's 64 hex
// characters as ASCII; the public key is sent with every record).
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writePrivateFile } from './privateFiles';
import { join } from 'node:path';
import type { RecordSignatures } from '@contract';
import type { SecretBox } from './secretBox';
import { ServiceError } from './errors';

interface StoredKey {
  /** SPKI DER, base64. */
  publicKey: string;
  /** PKCS#8 DER, base64, encrypted by the secret box. */
  privateKey: string;
  kind: SecretBox['kind'];
  createdAt: string;
}

/** A short, stable name for a public key: the first 16 hex characters of its SHA-256. */
export const keyIdOf = (publicKeyB64: string) => createHash('sha256').update(Buffer.from(publicKeyB64, 'base64')).digest('hex').slice(0, 16);

// Parsed public keys by their base64 text: a batch is usually signed by one or two consoles.
const publicKeys = new Map<string, KeyObject>();

function publicKeyOf(b64: string): KeyObject {
  let key = publicKeys.get(b64);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'spki' });
    if (publicKeys.size > 1000) publicKeys.clear();
    publicKeys.set(b64, key);
  }
  return key;
}

/** The same check on libuv's thread pool: a batch's signatures verify in parallel, off the main thread. */
export function verifySignatureAsync(hashHex: string, signatureB64: string, publicKeyB64: string): Promise<boolean> {
  return new Promise((ok) => {
    try {
      verify(null, Buffer.from(hashHex, 'ascii'), publicKeyOf(publicKeyB64), Buffer.from(signatureB64, 'base64'), (err, valid) => ok(!err && valid));
    } catch {
      ok(false);
    }
  });
}

export function verifySignature(hashHex: string, signatureB64: string, publicKeyB64: string): boolean {
  try {
    return verify(null, Buffer.from(hashHex, 'ascii'), publicKeyOf(publicKeyB64), Buffer.from(signatureB64, 'base64'));
  } catch {
    return false;
  }
}

export class RecordSigner {
  private cached: { publicKey: string; privateKey: ReturnType<typeof createPrivateKey> } | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly secrets: SecretBox,
  ) {}

  private get file() {
    return join(this.dataDir, 'signing-key.json');
  }

  private async key() {
    if (this.cached) return this.cached;
    if (this.secrets.kind === 'unavailable') throw new ServiceError('io', 'This system offers no secure storage for the signing key (no keychain): records cannot be signed', 'signing');
    const text = await readFile(this.file, 'utf8').catch(() => null);
    let stored: StoredKey;
    if (text) {
      stored = JSON.parse(text) as StoredKey;
    } else {
      const pair = generateKeyPairSync('ed25519');
      stored = {
        publicKey: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
        privateKey: await this.secrets.encrypt(pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64')),
        kind: this.secrets.kind,
        createdAt: new Date().toISOString(),
      };
      await writePrivateFile(this.file, JSON.stringify(stored, null, 2));
    }
    let der: string;
    try {
      der = await this.secrets.decrypt(stored.privateKey);
    } catch {
      throw new ServiceError('damaged', `The signing key (${this.file}) can no longer be decrypted on this machine`, 'signing');
    }
    this.cached = { publicKey: stored.publicKey, privateKey: createPrivateKey({ key: Buffer.from(der, 'base64'), format: 'der', type: 'pkcs8' }) };
    return this.cached;
  }

  async sign(hashes: string[]): Promise<RecordSignatures> {
    const k = await this.key();
    return { keyId: keyIdOf(k.publicKey), publicKey: k.publicKey, signatures: hashes.map((h) => sign(null, Buffer.from(h, 'ascii'), k.privateKey).toString('base64')) };
  }
}
