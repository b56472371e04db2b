import { PassThrough, type Readable } from 'node:stream';
import { Parser, type ReadEntry } from 'tar';
import { SandboxException } from '../errors/sandbox.exception.js';
import { pathSegments, unsafePathReason } from '../guard/entry-path.js';
import { type SandboxEntry } from '../guard/sandbox-entry.js';
import { quote } from '../guard/sandbox-entry-guard.js';
import { sandboxLimits, type SandboxLimits } from '../limits/sandbox-limits.js';
import { GuardedTarReader } from './guarded-tar-reader.js';

export interface SandboxEntryStream {
  entry: SandboxEntry;
  /** The file's content. Fails mid-way if the archive turns out damaged. */
  stream: Readable;
}

/**
 * One file out of a sandbox, streamed, for downloading a single output without unpacking the rest.
 * Resolves as soon as the file's header is found (so a caller can answer 404 before sending
 * anything); reading stops once the file has been read. Entries before it are checked as extraction
 * would check them. Fails with `missing-file` when the sandbox has no such file.
 */
export function extractSandboxEntry(source: Readable, path: string, options: Partial<SandboxLimits> = {}): Promise<SandboxEntryStream> {
  const reason = unsafePathReason(path);
  const wanted = pathSegments(path).join('/');
  if (reason !== null || wanted === '') {
    source.destroy();
    return Promise.reject(
      new SandboxException('unsafe-path', `Cannot take ${quote(path)} out of a sandbox: it ${reason ?? 'names no file'}`),
    );
  }
  return new Promise<SandboxEntryStream>((resolve, reject) => {
    let found: ReadEntry | undefined;
    const output = new PassThrough();
    const reader = new GuardedTarReader(source, { limits: sandboxLimits(options) }, (entry, tarEntry) => {
      if (found !== undefined || entry.path !== wanted) {
        return;
      }
      if (entry.type !== 'file') {
        throw new SandboxException(
          'unsupported-entry',
          `${quote(wanted)} is a ${entry.type}${entry.linkpath ? ` to ${quote(entry.linkpath)}` : ''} in this sandbox, not a file`,
          { entry: wanted },
        );
      }
      found = tarEntry;
      tarEntry.on('end', () => reader.stop());
      tarEntry.pipe(output);
      resolve({ entry, stream: output });
    });
    const parser = new Parser({
      filter: reader.filter,
      strict: true,
      onReadEntry: (tarEntry) => {
        if (tarEntry !== found) {
          tarEntry.resume();
        }
      },
    });
    reader.run(parser).then(
      () => {
        if (found === undefined) {
          reject(
            new SandboxException('missing-file', `The sandbox has no file ${quote(wanted)}; list it to see what it holds`, {
              entry: wanted,
            }),
          );
        }
      },
      (error: unknown) => {
        if (found === undefined) {
          reject(error instanceof Error ? error : new Error(String(error)));
        } else {
          output.destroy(error instanceof Error ? error : new Error(String(error)));
        }
      },
    );
  });
}
