// Where main may read from: folders and files the user chose in a dialog or typed in the import form in this
// session. A scan, an import or a relink of anything else is refused, so a renderer call alone can never make
// main list or read an arbitrary path.
import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ServiceError } from './errors';

/** Is `child` the folder `root` or inside it (after resolving `.` and `..`)? */
export function isInside(root: string, child: string): boolean {
  const rel = relative(resolve(root), resolve(child));
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** A file name joined to a folder, refused if it would land anywhere else. */
export function insideFolder(dir: string, name: string): string {
  const path = resolve(dir, name);
  if (!isInside(dir, path) || path === resolve(dir)) throw new ServiceError('invalid-input', `"${name}" is not a file name inside its folder`, 'name');
  return path;
}

const real = (p: string) => realpath(p).catch(() => resolve(p));

export class PathGrants {
  private roots = new Set<string>();

  constructor(always: readonly string[] = []) {
    this.grant(always);
  }

  grant(paths: readonly string[]): void {
    for (const p of paths) if (p) this.roots.add(resolve(p));
  }

  /** Refuses unless every path is a granted root or lies inside one (symbolic links followed on both sides). */
  async require(paths: readonly string[]): Promise<void> {
    const roots = await Promise.all([...this.roots].map(async (r) => [r, await real(r)] as const));
    for (const p of paths) {
      if (!isAbsolute(p)) throw new ServiceError('invalid-input', `"${p}" is not an absolute path`, 'path');
      const target = await real(p);
      const ok = roots.some(([r, rr]) => isInside(r, p) && isInside(rr, target));
      if (!ok) throw new ServiceError('forbidden', `"${p}" was not chosen in this session: choose it in the dialog or type it in the import form`, 'path');
    }
  }
}
