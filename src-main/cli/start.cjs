// `npm start`: build, then launch Electron, or explain plainly how to get it when its binary is missing.
// Checks the binary by files (never require('electron'), which would try to download it).
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..', '..');
function electronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const exe = process.platform === 'win32' ? 'electron.exe' : process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron';
    const p = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, exe);
    return existsSync(p) ? p : null;
  }
  const pathTxt = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathTxt)) return null;
  const p = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(p) ? p : null;
}

const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (build.status !== 0) process.exit(build.status ?? 1);

let bin = electronBinary();
if (!bin && !process.env.CI) {
  // On an ordinary workstation npm's electron package fetches its binary here.
  spawnSync(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], { cwd: root, stdio: 'inherit' });
  bin = electronBinary();
}
if (!bin) {
  console.error(
    [
      '',
      'QA Console could not start: the Electron binary is not installed on this machine.',
      '  - On a workstation with internet access: run `node node_modules/electron/install.js`, then `npm start` again.',
      '  - Or point ELECTRON_OVERRIDE_DIST_PATH at an installed Electron 45 folder.',
      '  - To try the console without Electron: `npm run web` and open the URL it prints. That browser host is a',
      '    development and test tool (loopback only, data in ~/.qa-console-web): use the desktop app for real work.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}
const run = spawnSync(bin, [root], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 0);
