// A team console's changes not yet on the server when its person signs out (the server away, a refused change not
// decided yet): the page removes the person's replica at sign-out, so nothing they pulled stays readable at a shared
// PC, and hands main the changes to keep. Main keeps them sealed by the platform keychain (Electron's safeStorage;
// the browser host's key file), one file per person's login and server, and gives them back only to a window signed
// in as that login to that server: the next person at the same PC cannot read them, nor send them as someone else.
// A console closed without signing out leaves its person marked as signed in here; the next person's sign-in may
// then seal that person's unsent changes for them, once, so their replica need not stay readable on the PC.
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writePrivateFile } from './privateFiles';
import type { SecretBox } from './secretBox';
import { ServiceError } from './errors';

export class SealedChanges {
  constructor(
    private readonly dir: string,
    private readonly box: SecretBox,
  ) {}

  private file(owner: string): string {
    return join(this.dir, `${createHash('sha256').update(owner).digest('hex').slice(0, 32)}.sealed`);
  }

  /** Keeps the owner's unsent changes (replacing what was kept before); none: nothing kept. */
  async seal(owner: string, rows: readonly Record<string, unknown>[]): Promise<void> {
    if (!rows.length) {
      await rm(this.file(owner), { force: true });
      return;
    }
    if (this.box.kind === 'unavailable') throw new ServiceError('io', 'This workstation has no keychain to keep unsent changes sealed: send them before signing out', 'rows');
    await writePrivateFile(this.file(owner), await this.box.encrypt(JSON.stringify({ owner, rows })));
  }

  /** Adds to what is kept for the owner (their replica found on another person's sign-in, see `leftOpen`). */
  async add(owner: string, rows: readonly Record<string, unknown>[]): Promise<void> {
    if (rows.length) await this.seal(owner, [...(await this.open(owner)), ...rows]);
  }

  private marker(owner: string): string {
    return this.file(owner).replace(/\.sealed$/, '.open');
  }

  /**
   * A team sign-in here marks its owner as signed in until they sign out. A console closed without signing out (a
   * crash, a power cut) leaves the mark: the next person's sign-in may then hand main that owner's unsent changes to
   * keep for them, once (see index.ts), and delete the replica they were in.
   */
  async markOpen(owner: string): Promise<void> {
    await writePrivateFile(this.marker(owner), owner);
  }

  async markClosed(owner: string): Promise<void> {
    await rm(this.marker(owner), { force: true });
  }

  async leftOpen(owner: string): Promise<boolean> {
    return (await readFile(this.marker(owner), 'utf8').catch(() => null)) === owner;
  }

  /** The owner's kept changes (kept until sealed again, so a restore cut off loses nothing). */
  async open(owner: string): Promise<Record<string, unknown>[]> {
    const data = await readFile(this.file(owner), 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (data === null) return [];
    let kept: { owner: string; rows: Record<string, unknown>[] };
    try {
      kept = JSON.parse(await this.box.decrypt(data)) as typeof kept;
    } catch {
      throw new ServiceError('damaged', 'The changes kept from your last sign-out here cannot be opened (the keychain changed?)', 'rows');
    }
    // The file's name is a hash of its owner; its content says whose it is.
    return kept.owner === owner ? kept.rows : [];
  }
}
