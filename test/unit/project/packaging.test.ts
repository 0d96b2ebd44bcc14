// What packaging sets, read from the configuration electron-builder uses (packaging itself needs Electron's
// binaries, which these machines cannot download): the fuses that close the doors a shipped app does not need.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '../../package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
  build: { asar?: boolean; electronFuses?: Record<string, boolean> };
};

describe('packaging', () => {
  it('flips the fuses: no run-as-node, no NODE_OPTIONS or --inspect, cookies encrypted, the app only from a checked asar', () => {
    expect(pkg.build.asar).toBe(true);
    expect(pkg.build.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('runs on Electron 45 at 45.5 or newer (the newest 45.x patch when this was written)', () => {
    const range = pkg.devDependencies.electron!;
    expect(range).toMatch(/^\^45\.(\d+)\.\d+$/);
    expect(Number(/^\^45\.(\d+)/.exec(range)![1])).toBeGreaterThanOrEqual(5);
    const installed = JSON.parse(readFileSync(join(__dirname, '..', '../../node_modules/electron/package.json'), 'utf8')) as { version: string };
    expect(installed.version.startsWith('45.')).toBe(true);
  });
});
