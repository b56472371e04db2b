import { type Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SandboxException } from '../errors/sandbox.exception.js';
import { quote } from '../guard/sandbox-entry-guard.js';
import { compileSandboxPattern, segmentMatches, type PatternSegment, type SandboxPattern } from './sandbox-pattern.js';

/** Something on disk that goes into a sandbox, by its path relative to the sandbox's directory. */
export interface SandboxSourceEntry {
  path: string;
  type: 'file' | 'directory' | 'symlink';
}

export interface ExpandedSandboxPatterns {
  /** Everything to pack, sorted by path (byte order): matches, and the whole of each matched directory. */
  entries: SandboxSourceEntry[];
  /** The patterns that matched nothing, as written (DIRAC reports these; it does not fail). */
  missing: string[];
  /** Sockets, FIFOs and devices that a wildcard or a matched directory reached; a sandbox cannot hold them. */
  skipped: string[];
}

type Kind = SandboxSourceEntry['type'] | 'other';

/**
 * Find what a list of sandbox patterns names under `cwd` (see {@link compileSandboxPattern} for the
 * syntax). Symbolic links are never followed: a matched link is packed as a link, a wildcard does
 * not descend through one, and a pattern that would have to pass through one is refused, so nothing
 * outside `cwd` can be reached.
 */
export async function expandSandboxPatterns(cwd: string, patterns: readonly string[]): Promise<ExpandedSandboxPatterns> {
  const compiled = patterns.map(compileSandboxPattern);
  const found = new Map<string, SandboxSourceEntry['type']>();
  const skipped = new Set<string>();
  const missing: string[] = [];
  for (const pattern of compiled) {
    const matches: Match[] = [];
    await visit(cwd, pattern, 0, '', matches);
    if (matches.length === 0) {
      missing.push(pattern.source);
    }
    for (const match of matches) {
      if (match.kind === 'other') {
        if (pattern.segments.every((segment) => segment.kind === 'literal')) {
          throw new SandboxException('unsupported-entry', `Sandbox file ${quote(match.path)} is not a regular file, directory or link`, {
            entry: match.path,
          });
        }
        skipped.add(match.path);
      } else if (!found.has(match.path)) {
        found.set(match.path, match.kind);
        if (match.kind === 'directory') {
          await addTree(cwd, match.path, found, skipped);
        }
      }
    }
  }
  const entries = [...found].map(([path, type]) => ({ path, type })).sort((a, b) => compareBytes(a.path, b.path));
  return { entries, missing, skipped: [...skipped].sort(compareBytes) };
}

interface Match {
  path: string;
  kind: Kind;
}

/** Match `pattern.segments[index...]` inside the directory `dir` (relative; '' is `cwd`). */
async function visit(cwd: string, pattern: SandboxPattern, index: number, dir: string, out: Match[]): Promise<void> {
  const segment = pattern.segments[index] as PatternSegment;
  const last = index === pattern.segments.length - 1;
  if (segment.kind === 'literal') {
    const path = joinRelative(dir, segment.text);
    const kind = await kindAt(cwd, path);
    if (kind === undefined) {
      return;
    }
    if (last) {
      out.push({ path, kind });
    } else if (kind === 'symlink') {
      throw new SandboxException(
        'unsafe-link',
        `Sandbox pattern ${quote(pattern.source)} goes through the symbolic link ${quote(path)}; name the files where it points instead`,
        { entry: path },
      );
    } else if (kind === 'directory') {
      await visit(cwd, pattern, index + 1, path, out);
    }
    return;
  }
  const children = await listDirectory(cwd, dir);
  if (segment.kind === 'wildcard') {
    for (const child of children) {
      if (!segmentMatches(segment, child.name)) {
        continue;
      }
      const path = joinRelative(dir, child.name);
      if (last) {
        out.push({ path, kind: direntKind(child) });
      } else if (direntKind(child) === 'directory') {
        await visit(cwd, pattern, index + 1, path, out);
      }
    }
    return;
  }
  if (last) {
    // A trailing `**` takes the directory it is in, whole; at the top, everything not hidden.
    if (dir !== '') {
      out.push({ path: dir, kind: 'directory' });
    } else {
      out.push(...children.filter((child) => !child.name.startsWith('.')).map((child) => ({ path: child.name, kind: direntKind(child) })));
    }
    return;
  }
  await visit(cwd, pattern, index + 1, dir, out);
  for (const child of children) {
    if (direntKind(child) === 'directory' && !child.name.startsWith('.')) {
      await visit(cwd, pattern, index, joinRelative(dir, child.name), out);
    }
  }
}

/** Add everything under a matched directory, hidden files included, without following links. */
async function addTree(cwd: string, dir: string, found: Map<string, SandboxSourceEntry['type']>, skipped: Set<string>): Promise<void> {
  for (const child of await listDirectory(cwd, dir)) {
    const path = joinRelative(dir, child.name);
    const kind = direntKind(child);
    if (kind === 'other') {
      skipped.add(path);
    } else if (!found.has(path)) {
      found.set(path, kind);
      if (kind === 'directory') {
        await addTree(cwd, path, found, skipped);
      }
    }
  }
}

async function listDirectory(cwd: string, dir: string): Promise<Dirent[]> {
  try {
    const children = await readdir(join(cwd, dir), { withFileTypes: true });
    return children.sort((a, b) => compareBytes(a.name, b.name));
  } catch (error) {
    if (isMissing(error)) {
      return [];
    }
    throw error;
  }
}

async function kindAt(cwd: string, path: string): Promise<Kind | undefined> {
  try {
    const stats = await lstat(join(cwd, path));
    return stats.isSymbolicLink() ? 'symlink' : stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : 'other';
  } catch (error) {
    if (isMissing(error)) {
      return undefined;
    }
    throw error;
  }
}

function direntKind(entry: Dirent): Kind {
  return entry.isSymbolicLink() ? 'symlink' : entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other';
}

function joinRelative(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Byte order (by UTF-16 code unit, which sorts ASCII as bytes do), never the locale's: archives must not depend on it. */
function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
