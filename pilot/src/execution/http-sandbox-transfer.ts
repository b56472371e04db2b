import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { type ReadableStream as WebReadableStream } from 'node:stream/web';
import { DEFAULT_SANDBOX_LIMITS, type PackedSandboxFile, type SandboxLimits, extractSandbox, packSandbox } from '@majorana/sandbox';
import { ExecutionError, type ExecutionErrorCode } from './execution.error.js';
import { type SandboxDownloadRequest, type SandboxTransfer, type SandboxUploadRequest, type UploadedSandbox } from './sandbox-transfer.js';

/** The header naming an uploaded archive's sha256, which the server checks against what it received. */
export const SHA256_HEADER = 'X-Majorana-SHA256';

export interface HttpSandboxTransferOptions {
  /** Limits for input sandboxes as they unpack. @default the sandbox library's (10 MiB, 10,000 entries, 1 GiB unpacked) */
  inputLimits?: Partial<SandboxLimits>;
  /** Largest output sandbox, compressed. @default 10 MiB, DIRAC's sandbox limit */
  maxOutputBytes?: number;
  /** @default 'PUT' */
  uploadMethod?: 'PUT' | 'POST';
  fetch?: typeof fetch;
}

/**
 * Sandboxes over HTTP with the job attempt's bearer token. Downloads stream from the response into
 * the extractor; uploads pack to a file beside the working directory first, because the sha256 goes
 * in a header and is known only once the archive is complete, then stream that file as the body.
 */
export class HttpSandboxTransfer implements SandboxTransfer {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: HttpSandboxTransferOptions = {}) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async download(request: SandboxDownloadRequest): Promise<void> {
    const code: ExecutionErrorCode = 'sandbox-download-failed';
    let response: Response;
    try {
      response = await this.fetch(request.url, { headers: { authorization: `Bearer ${request.token}` }, signal: request.signal });
    } catch (error) {
      throw new ExecutionError(code, `GET ${describeUrl(request.url)} failed: ${reasonOf(error)}`, { cause: error });
    }
    if (!response.ok || response.body === null) {
      throw new ExecutionError(code, `GET ${describeUrl(request.url)} answered ${response.status}: ${await errorBody(response)}`);
    }
    const expectedSha256 = response.headers.get(SHA256_HEADER)?.toLowerCase() ?? undefined;
    try {
      await extractSandbox({
        ...this.options.inputLimits,
        source: Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
        target: request.targetDir,
        expectedSha256,
      });
    } catch (error) {
      throw new ExecutionError(code, `input sandbox from ${describeUrl(request.url)} not unpacked: ${reasonOf(error)}`, { cause: error });
    }
  }

  async upload(request: SandboxUploadRequest): Promise<UploadedSandbox | null> {
    const code: ExecutionErrorCode = 'sandbox-upload-failed';
    const archive = `${request.cwd}.output-sandbox.tar.gz`;
    try {
      let packed: PackedSandboxFile;
      try {
        packed = await packSandbox({
          cwd: request.cwd,
          files: request.files,
          output: archive,
          maxBytes: this.options.maxOutputBytes ?? DEFAULT_SANDBOX_LIMITS.maxBytes,
        });
      } catch (error) {
        throw new ExecutionError(code, `output sandbox not packed: ${reasonOf(error)}`, { cause: error });
      }
      if (packed.files.length === 0) {
        return null;
      }
      const method = this.options.uploadMethod ?? 'PUT';
      let response: Response;
      try {
        response = await this.fetch(request.url, {
          method,
          headers: {
            authorization: `Bearer ${request.token}`,
            'content-type': 'application/gzip',
            'content-length': String(packed.bytes),
            [SHA256_HEADER]: packed.sha256,
          },
          body: Readable.toWeb(createReadStream(archive)) as ReadableStream<Uint8Array>,
          duplex: 'half',
          signal: request.signal,
        });
      } catch (error) {
        throw new ExecutionError(code, `${method} ${describeUrl(request.url)} failed: ${reasonOf(error)}`, { cause: error });
      }
      if (!response.ok) {
        throw new ExecutionError(code, `${method} ${describeUrl(request.url)} answered ${response.status}: ${await errorBody(response)}`);
      }
      await response.body?.cancel();
      return { sha256: packed.sha256, bytes: packed.bytes };
    } finally {
      await rm(archive, { force: true });
    }
  }
}

/** The URL without its query, which may carry credentials, for messages and logs. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/** The start of an error response's body: the server's JSON error says what went wrong. */
async function errorBody(response: Response): Promise<string> {
  try {
    return (await response.text()).slice(0, 300).replace(/\s+/g, ' ').trim() || response.statusText;
  } catch {
    return response.statusText;
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
