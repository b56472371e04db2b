import type { SandboxEntry } from '@majorana/sandbox';

/** What "files" counts in an upload's answer: everything but directories (files and links). */
export function countFiles(entries: readonly SandboxEntry[]): number {
  return entries.filter((entry) => entry.type !== 'directory').length;
}
