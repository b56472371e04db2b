import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { packSandbox } from '@majorana/sandbox';
import { MajoranaClientError } from './client.error.js';
import { saveArchive, sandboxBody, sha256Of, type SandboxSource, type SavedArchive } from './sandbox-io.js';

export interface MajoranaClientOptions {
  /** The server, e.g. http://127.0.0.1:8440. */
  readonly url: string;
  /** A bearer token (`majorana admin user token NAME`). */
  readonly token?: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

export interface SubmitResult {
  readonly jobIds: number[];
  readonly warnings: string[];
}

export interface JobActionResult {
  readonly JobID: number;
  readonly result: 'done' | 'not allowed' | 'not found' | 'wrong state';
  readonly reason: string;
}

export interface IssuedToken {
  readonly token: string;
  readonly jti: string;
  readonly expiresAt: string;
}

/** A sandbox the server holds: name it in a JDL's InputSandbox by its `ref`. */
export interface UploadedSandbox {
  /** `SB:sha256:<hex>`. */
  readonly ref: string;
  readonly sha256: string;
  readonly bytes: number;
  /** Entries that are not directories. */
  readonly files: number;
}

export interface UploadedFiles extends UploadedSandbox {
  /** Patterns that matched no file (not fatal, as in DIRAC). */
  readonly missing: string[];
}

/** One entry of an output sandbox. */
export interface SandboxFile {
  readonly path: string;
  readonly size: number;
  readonly type: 'file' | 'directory' | 'symlink' | 'hardlink';
  readonly linkpath?: string;
}

/** The server's sandbox limit by default (MAJORANA_MAX_SANDBOX_BYTES), so packing fails before uploading. */
const DEFAULT_MAX_SANDBOX_BYTES = 10 * 1024 * 1024;

type Method = 'GET' | 'POST' | 'PUT';

/** A typed client of the REST API: one method per endpoint, errors as MajoranaClientError. */
export class MajoranaClient {
  private readonly fetch: typeof fetch;
  private readonly url: string;

  constructor(private readonly options: MajoranaClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.url = options.url.replace(/\/+$/, '');
  }

  health(): Promise<{ status: string; version: string }> {
    return this.request('GET', '/api/health');
  }

  submitJobs(jdls: readonly string[]): Promise<SubmitResult> {
    return this.request('POST', '/api/jobs', jdls.length === 1 ? { jdl: jdls[0] } : { jdls });
  }

  searchJobs(body: unknown): Promise<{ jobs: Record<string, unknown>[]; total: number }> {
    return this.request('POST', '/api/jobs/search', body);
  }

  job(jobId: number): Promise<Record<string, unknown>> {
    return this.request('GET', `/api/jobs/${jobId}`);
  }

  killJobs(jobIds: readonly number[]): Promise<{ results: JobActionResult[] }> {
    return this.request('POST', '/api/jobs/kill', { jobIds });
  }

  addUser(name: string, groups: readonly string[]): Promise<{ name: string; groups: string[] }> {
    return this.request('POST', '/api/admin/users', { name, groups });
  }

  listUsers(): Promise<{ name: string; groups: string[] }[]> {
    return this.request('GET', '/api/admin/users');
  }

  issueToken(user: string, group?: string, lifetimeSeconds?: number): Promise<IssuedToken> {
    return this.request('POST', '/api/admin/tokens', {
      user,
      ...(group ? { group } : {}),
      ...(lifetimeSeconds ? { lifetimeSeconds } : {}),
    });
  }

  revokeTokens(target: { jti: string } | { user: string }): Promise<{ revoked: number }> {
    return this.request('POST', '/api/admin/tokens/revoke', target);
  }

  /**
   * Uploads a sandbox (a tar.gz: a stream, bytes, or a file path), streamed. The same content uploaded
   * again answers the same reference and is stored once. Bytes in memory are sent with their sha256,
   * which the server checks.
   */
  async uploadSandbox(source: SandboxSource): Promise<UploadedSandbox> {
    const { body, length } = await sandboxBody(source);
    const headers: Record<string, string> = { 'content-type': 'application/gzip' };
    if (body instanceof Uint8Array) {
      headers['x-majorana-sha256'] = sha256Of(body);
    }
    return this.json(await this.send('POST', '/api/sandboxes', { body, headers, ...(length === undefined ? {} : { length }) }));
  }

  /**
   * Packs local files (paths and patterns relative to `cwd`, as in an InputSandbox) into a sandbox and
   * uploads it as it is packed, then checks that the server stored exactly what was packed. Put the
   * answer's `ref` in the JDL's InputSandbox in place of the local names.
   */
  async uploadFiles(cwd: string, files: readonly string[], options: { maxBytes?: number } = {}): Promise<UploadedFiles> {
    const packed = await packSandbox({ cwd, files, maxBytes: options.maxBytes ?? DEFAULT_MAX_SANDBOX_BYTES });
    const [uploaded, archive] = await Promise.all([this.uploadSandbox(packed.stream), packed.done]);
    if (uploaded.sha256 !== archive.sha256) {
      throw new MajoranaClientError(0, `the server stored sha256 ${uploaded.sha256} but ${archive.sha256} was packed: upload again`);
    }
    return { ...uploaded, missing: packed.missing };
  }

  /** The job's input sandbox, saved to `toPath` (for the job's pilot, with its job token, or a user who may see the job). */
  async downloadInputSandbox(jobId: number, toPath: string): Promise<SavedArchive> {
    return this.saveTo(await this.send('GET', `/api/jobs/${jobId}/input-sandbox`), toPath);
  }

  /** Uploads the job's output sandbox with the job token of its pilot; `sha256` is the archive's (required by the server). */
  async uploadOutputSandbox(jobId: number, source: SandboxSource, sha256: string): Promise<UploadedSandbox & { attempt: number }> {
    const { body, length } = await sandboxBody(source);
    const headers = { 'content-type': 'application/gzip', 'x-majorana-sha256': sha256 };
    return this.json(
      await this.send('PUT', `/api/jobs/${jobId}/output-sandbox`, { body, headers, ...(length === undefined ? {} : { length }) }),
    );
  }

  /** The job's output sandbox as one tar.gz, saved to `toPath` (checked against the sha256 the server sends). */
  async downloadOutputSandbox(jobId: number, toPath: string): Promise<SavedArchive> {
    return this.saveTo(await this.send('GET', `/api/jobs/${jobId}/output-sandbox`), toPath);
  }

  /** What the job's output sandbox holds. */
  async listOutputFiles(jobId: number): Promise<SandboxFile[]> {
    return this.json(await this.send('GET', `/api/jobs/${jobId}/output-sandbox/files`));
  }

  /** One file of the job's output sandbox, as a stream (`results/hist.root`). */
  async downloadOutputFile(jobId: number, path: string): Promise<Readable> {
    const encoded = path.split('/').map(encodeURIComponent).join('/');
    const response = await this.send('GET', `/api/jobs/${jobId}/output-sandbox/files/${encoded}`);
    if (response.body === null) {
      return Readable.from([]);
    }
    return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  }

  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    return this.json(
      await this.send(method, path, {
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      }),
    );
  }

  /** One request; a network failure or an answer other than 2xx becomes a MajoranaClientError with the server's message. */
  private async send(
    method: Method,
    path: string,
    request: { body?: string | Uint8Array | AsyncIterable<Uint8Array>; headers?: Record<string, string>; length?: number } = {},
  ): Promise<Response> {
    let response: Response;
    try {
      const streamed = request.body !== undefined && typeof request.body !== 'string' && !(request.body instanceof Uint8Array);
      response = await this.fetch(`${this.url}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...request.headers,
          ...(request.length === undefined ? {} : { 'content-length': String(request.length) }),
          ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
        },
        ...(request.body === undefined ? {} : { body: request.body }),
        // A stream body needs half-duplex (the request is sent while the response may already come).
        ...(streamed ? { duplex: 'half' as const } : {}),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new MajoranaClientError(
        0,
        `cannot reach the Majorana server at ${this.url} (${cause}): is it running (majorana up)? is MAJORANA_URL right?`,
      );
    }
    if (!response.ok) {
      const json = safeJson(await response.text()) as { message?: string; details?: unknown } | null;
      throw new MajoranaClientError(response.status, json?.message ?? `HTTP ${response.status} from ${path}`, json?.details);
    }
    return response;
  }

  private async json<T>(response: Response): Promise<T> {
    const text = await response.text();
    return (text === '' ? null : safeJson(text)) as T;
  }

  private async saveTo(response: Response, toPath: string): Promise<SavedArchive> {
    if (response.body === null) {
      throw new MajoranaClientError(response.status, 'the server sent no archive');
    }
    return saveArchive(response.body as WebReadableStream<Uint8Array>, toPath, response.headers.get('x-majorana-sha256'));
  }
}

function safeJson(text: string): unknown {
  if (text === '') {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 200) };
  }
}
