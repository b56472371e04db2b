import { relative } from 'node:path';
import { sizeOf } from './work-directory.js';

/**
 * What a finished job sends back: its OutputSandbox patterns, plus its StdOutput and StdError files
 * when they hold anything. Empty standard streams are left out unless listed, so the commonest short
 * job (`/bin/true`, no OutputSandbox) sends nothing and costs no upload at all.
 */
export async function outputSandboxFiles(workDir: string, patterns: readonly string[], streamPaths: readonly string[]): Promise<string[]> {
  const files = patterns.filter((pattern) => pattern.trim() !== '');
  for (const path of new Set(streamPaths)) {
    const name = relative(workDir, path);
    if (!files.includes(name) && (await sizeOf(path)) > 0) {
      files.push(name);
    }
  }
  return files;
}
