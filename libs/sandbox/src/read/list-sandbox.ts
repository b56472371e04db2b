import { type Readable } from 'node:stream';
import { Parser } from 'tar';
import { type SandboxEntry } from '../guard/sandbox-entry.js';
import { sandboxLimits, type SandboxLimits } from '../limits/sandbox-limits.js';
import { GuardedTarReader } from './guarded-tar-reader.js';

export interface ListSandboxOptions extends Partial<SandboxLimits> {
  expectedSha256?: string;
}

/**
 * The entries of a sandbox, read as it streams and judged by the same rules as extraction: an archive
 * that could not be unpacked safely cannot be listed either. Nothing is written anywhere.
 */
export async function listSandbox(source: Readable, options: ListSandboxOptions = {}): Promise<SandboxEntry[]> {
  const entries: SandboxEntry[] = [];
  const reader = new GuardedTarReader(source, { limits: sandboxLimits(options), expectedSha256: options.expectedSha256 }, (entry) => {
    entries.push(entry);
  });
  const parser = new Parser({ filter: reader.filter, strict: true, onReadEntry: (tarEntry) => tarEntry.resume() });
  await reader.run(parser);
  return entries;
}
