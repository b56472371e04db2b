import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { formatBytes, hashingLimitedStream, listSandbox, SandboxException, type SandboxEntry } from '@majorana/sandbox';
import { ServerConfig } from '../config/server-config.js';
import { SandboxApiErrorCode, SandboxApiException } from './sandbox-api.exception.js';
import { SANDBOX_STORE, type SandboxStore, type StoredSandbox } from './sandbox-store.js';
import { TeeBranchClosedError, teeStream } from './tee-stream.js';

/** An archive as it arrives over HTTP. */
export interface IncomingSandbox {
  readonly stream: Readable;
  /** The Content-Length the client announced, if any: an archive announced too large is refused unread. */
  readonly declaredBytes?: number;
  /** The sha256 the client announced (X-Majorana-SHA256), checked once the last byte is in. */
  readonly expectedSha256?: string;
}

export interface ReceivedSandbox extends StoredSandbox {
  /** The archive's entries, as checked. */
  readonly entries: readonly SandboxEntry[];
}

/** The archive passed every check; make it reachable (record its owner, link it to a job) or throw to refuse it. */
export type AcceptSandbox = (stored: StoredSandbox, entries: readonly SandboxEntry[]) => Promise<void>;

/**
 * Takes archives in, for user uploads and pilots' output sandboxes alike. The archive streams once:
 * it is counted against MAJORANA_MAX_SANDBOX_BYTES, then split between the store (a temporary object)
 * and the sandbox guard, which reads it with the very rules extraction applies (no absolute paths, no
 * `..`, no links leaving the target, no devices, entry and unpacked-size limits against zip bombs). The
 * first refusal stops the whole transfer; only an archive that passed every check, and that `accept`
 * took, reaches its content address. A refused one leaves nothing behind.
 */
@Injectable()
export class SandboxIntakeService {
  constructor(
    @Inject(SANDBOX_STORE) private readonly store: SandboxStore,
    private readonly config: ServerConfig,
  ) {}

  async receive(incoming: IncomingSandbox, accept: AcceptSandbox): Promise<ReceivedSandbox> {
    const limit = this.config.maxSandboxBytes;
    if (incoming.declaredBytes !== undefined && incoming.declaredBytes > limit) {
      throw tooLarge(limit, incoming.declaredBytes, true);
    }
    const counted = hashingLimitedStream(limit, incoming.expectedSha256);
    let wireError: Error | undefined;
    counted.on('error', (error) => {
      // The first failure of the transfer itself (too large, wrong checksum, client gone); a reader
      // giving up on the archive closes this stream too, but that is the reader's error to report.
      if (!(error instanceof TeeBranchClosedError)) {
        wireError ??= error;
      }
    });
    incoming.stream.on('error', (error) => counted.destroy(error));
    const [toStore, toCheck] = teeStream(counted);
    incoming.stream.pipe(counted);

    // The sizes were counted upstream; the guard's own limits are the entries' and unpacked sizes.
    const checked = listSandbox(toCheck, { maxBytes: Number.MAX_SAFE_INTEGER });
    const stored = this.store.put(toStore, {
      beforeCommit: async (archive) => accept(archive, await checked),
    });
    const [entries, archive] = await Promise.allSettled([checked, stored]);
    if (wireError !== undefined) {
      throw translate(wireError, limit, incoming.declaredBytes);
    }
    if (entries.status === 'rejected' && entries.reason instanceof SandboxException) {
      throw entries.reason;
    }
    if (archive.status === 'rejected') {
      throw archive.reason;
    }
    if (entries.status === 'rejected') {
      throw entries.reason;
    }
    return { ...archive.value, entries: entries.value };
  }
}

/** The library's "more bytes than the limit" is about the request here: 413, saying both numbers. */
function translate(error: Error, limit: number, declaredBytes: number | undefined): Error {
  if (error instanceof SandboxException && error.code === 'too-large') {
    return tooLarge(limit, declaredBytes ?? error.details?.seen ?? limit + 1, declaredBytes !== undefined);
  }
  return error;
}

function tooLarge(limit: number, size: number, exact: boolean): SandboxApiException {
  const sent = `${exact ? '' : 'at least '}${formatBytes(size)} (${size} bytes)`;
  return new SandboxApiException(
    SandboxApiErrorCode.TooLarge,
    `the sandbox is ${sent}, over the limit of ${formatBytes(limit)} (${limit} bytes, MAJORANA_MAX_SANDBOX_BYTES): ` +
      'ship large data through a storage element, or ask the administrator to raise the limit',
    { limit, size },
  );
}
