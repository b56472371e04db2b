import { type Stats } from 'node:fs';
import { type Readable } from 'node:stream';
import { type Parser, ReadEntry } from 'tar';
import { type SandboxLimits } from '../limits/sandbox-limits.js';
import { type ExistingProbe, SandboxEntryGuard } from '../guard/sandbox-entry-guard.js';
import { type SandboxEntry } from '../guard/sandbox-entry.js';
import { HashingLimitedStream } from '../streams/hashing-limited-stream.js';
import { toSandboxException } from './to-sandbox-exception.js';

export interface GuardedReadOptions {
  limits: SandboxLimits;
  /** When given, the archive must have this sha256; checked when the last byte has passed. */
  expectedSha256?: string;
  /** What the target already holds, for extraction into a directory that is not empty. */
  probe?: ExistingProbe;
}

/** What a complete read saw. */
export interface GuardedReadSummary {
  sha256: string;
  bytes: number;
  entries: number;
}

type TarFilter = (path: string, entry: Stats | ReadEntry) => boolean;

/**
 * The plumbing shared by listing, extracting and pulling one file out: the archive streams from
 * `source` through a {@link HashingLimitedStream} into a node-tar parser whose `filter` is a
 * {@link SandboxEntryGuard}. The first refusal, from whichever part, fails the whole read: the parser
 * is aborted (nothing after the refused entry is written), the source is destroyed (no more bytes
 * are read), and `run` rejects with a typed error.
 */
export class GuardedTarReader {
  readonly guard: SandboxEntryGuard;
  readonly #hasher: HashingLimitedStream;
  #parser: Parser | undefined;
  #failure: Error | undefined;
  #stopped = false;
  #sawEndOfArchive = false;
  #settle: { resolve: (summary: GuardedReadSummary) => void; reject: (error: Error) => void } | undefined;

  constructor(
    private readonly source: Readable,
    options: GuardedReadOptions,
    /** Called with each admitted entry before node-tar acts on it; `false` keeps it from node-tar. */
    private readonly onAdmit?: (entry: SandboxEntry, tarEntry: ReadEntry) => boolean | void,
  ) {
    this.guard = new SandboxEntryGuard(options.limits, options.probe);
    this.#hasher = new HashingLimitedStream({ maxBytes: options.limits.maxBytes, expectedSha256: options.expectedSha256 });
  }

  /** node-tar's `filter` option: the guard's verdict on each entry. */
  readonly filter: TarFilter = (_path, tarEntry) => {
    if (this.#failure !== undefined || this.#stopped || !(tarEntry instanceof ReadEntry)) {
      return false;
    }
    try {
      const admitted = this.guard.admit({
        path: tarEntry.path,
        type: tarEntry.type,
        size: tarEntry.size,
        mode: tarEntry.mode,
        linkpath: tarEntry.linkpath,
      });
      if (admitted === null) {
        return false;
      }
      return this.onAdmit?.(admitted, tarEntry) !== false;
    } catch (error) {
      this.fail(error);
      return false;
    }
  };

  /** Feed the parser (built with {@link filter}) and settle when it has closed or anything failed. */
  run(parser: Parser): Promise<GuardedReadSummary> {
    this.#parser = parser;
    return new Promise<GuardedReadSummary>((resolve, reject) => {
      this.#settle = { resolve, reject };
      this.source.on('error', (error) => this.fail(error, false));
      this.#hasher.on('error', (error) => this.fail(error));
      parser.on('eof', () => (this.#sawEndOfArchive = true));
      parser.on('error', (error: Error) => {
        // node-tar calls an archive of no entries "unrecognized"; an empty sandbox is still a sandbox.
        if (this.#sawEndOfArchive && this.guard.entries === 0 && /Unrecognized archive format/.test(error.message)) {
          return;
        }
        this.fail(error);
      });
      parser.on('close', () => this.#complete());
      if (this.#failure !== undefined) {
        reject(this.#failure);
        return;
      }
      this.source.pipe(this.#hasher).pipe(parser);
    });
  }

  /** Stop reading early, successfully: the caller has what it came for. */
  stop(): void {
    if (this.#stopped || this.#failure !== undefined) {
      return;
    }
    this.#stopped = true;
    this.#detach();
    this.#settle?.resolve({ sha256: '', bytes: this.#hasher.bytes, entries: this.guard.entries });
  }

  /** Fail the read with the first error; later ones are consequences of it. */
  fail(error: unknown, mapTarErrors = true): void {
    if (this.#failure !== undefined || this.#stopped) {
      return;
    }
    const failure = mapTarErrors ? toSandboxException(error) : error instanceof Error ? error : new Error(String(error));
    this.#failure = failure;
    this.#detach();
    this.#parser?.abort(failure);
    this.#settle?.reject(failure);
  }

  #complete(): void {
    if (this.#failure !== undefined || this.#stopped) {
      return;
    }
    try {
      this.guard.finish();
    } catch (error) {
      this.fail(error);
      return;
    }
    const sha256 = this.#hasher.sha256;
    if (sha256 === undefined) {
      this.fail(new Error('the archive ended before its last byte was read'));
      return;
    }
    this.#settle?.resolve({ sha256, bytes: this.#hasher.bytes, entries: this.guard.entries });
  }

  #detach(): void {
    this.source.unpipe(this.#hasher);
    if (this.#parser) {
      this.#hasher.unpipe(this.#parser);
    }
    this.source.destroy();
    this.#hasher.destroy();
  }
}
