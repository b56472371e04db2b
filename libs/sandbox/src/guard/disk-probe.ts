import { lstatSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { type ExistingProbe } from './sandbox-entry-guard.js';

/**
 * What a directory already holds, read with `lstat` (links are never followed). Synchronous because
 * node-tar asks its `filter` synchronously, before it writes the entry; it is called once per
 * path and only for paths the archive has not itself created.
 */
export function diskProbe(root: string): ExistingProbe {
  return (relativePath) => {
    const path = join(root, relativePath);
    try {
      const stats = lstatSync(path);
      if (stats.isSymbolicLink()) {
        return { kind: 'symlink', linkpath: readlinkSync(path) };
      }
      return { kind: stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : 'other' };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        return undefined;
      }
      throw error;
    }
  };
}
