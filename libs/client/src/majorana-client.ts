import { readFile, rm, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { type Readable } from 'node:stream';
import type {
  Explanation,
  Health,
  IssuedToken,
  Job,
  JobActionResponse,
  JobJdl,
  JobPeek,
  JobPilot,
  JobSearchResult,
  JobSummaryRow,
  LoggingRecord,
  MatchRequest,
  MatchResponse,
  Pilot,
  PilotList,
  PilotListQuery,
  PilotOutput,
  SandboxFile,
  SearchJobsRequest,
  Site,
  StoredOutputSandbox,
  SubmitResult,
  SummaryField,
  UploadedSandbox,
  User,
  ComputingElement,
  ComputingElementDeclaration,
} from './api-types.js';
import { AuthenticationError, MajoranaClientError, ServerUnreachableError } from './client.error.js';
import { planInputSandbox, renameJdlError } from './prepare-submission.js';
import { fetchTransport, nodeHttpTransport, type Transport, type TransportResponse } from './http-transport.js';
import { saveArchive, sandboxBody, sha256Of, type SandboxSource, type SavedArchive } from './sandbox-io.js';

export interface MajoranaClientOptions {
  /** The server, e.g. http://127.0.0.1:8440. */
  readonly url: string;
  /** A bearer token (`majorana admin user token NAME`). */
  readonly token?: string;
  /** Send requests through this fetch instead. @default node:http(s), which loads faster than Node's fetch */
  readonly fetch?: typeof fetch;
  /** Give a request up when the server stays silent this long (node:http only). @default 60000 */
  readonly idleTimeoutMs?: number;
}

export interface UploadedFiles extends UploadedSandbox {
  /** Patterns that matched no file. */
  readonly missing: string[];
}

export interface SubmitOptions {
  /**
   * The folder local InputSandbox names are relative to. DIRAC resolves them against the current
   * folder of the submitting process, whatever folder the JDL is in; so do we.
   * @default process.cwd()
   */
  readonly baseDir?: string;
  /** The name JDL errors carry (`Job.jdl:3:5: …`). @default "jdl" */
  readonly fileName?: string;
  /** @default the server's default limit, 10 MiB */
  readonly maxSandboxBytes?: number;
}

export interface SubmittedJdl extends SubmitResult {
  /** The sandbox made of the local InputSandbox files, when there were any. */
  readonly inputSandbox?: UploadedFiles;
}

export interface DownloadedOutput {
  /** The folder the output sandbox was unpacked into. */
  readonly dir: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly entries: number;
}

/** The server's sandbox limit by default (MAJORANA_MAX_SANDBOX_BYTES), so packing fails before uploading. */
const DEFAULT_MAX_SANDBOX_BYTES = 10 * 1024 * 1024;
/** The server's largest page of a search. */
const MAX_PER_PAGE = 10_000;

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface SendOptions {
  body?: string | Uint8Array | AsyncIterable<Uint8Array>;
  headers?: Record<string, string>;
  length?: number;
}

/**
 * A typed client of the REST API: one method per endpoint (see `openapi-conformance.spec.ts`), errors
 * as MajoranaClientError (ServerUnreachableError, AuthenticationError). It imports neither the JDL
 * parser nor the sandbox packer until a call needs them, so a command line that only reads a status
 * starts fast.
 */
export class MajoranaClient {
  private readonly transport: Transport;
  readonly url: string;

  constructor(private readonly options: MajoranaClientOptions) {
    this.transport = options.fetch ? fetchTransport(options.fetch) : nodeHttpTransport(options.idleTimeoutMs);
    this.url = options.url.replace(/\/+$/, '');
  }

  health(): Promise<Health> {
    return this.request('GET', '/api/health');
  }

  // --- jobs -------------------------------------------------------------------------------------

  /** Submits JDL texts as they are (InputSandbox entries must already be `SB:`/`LFN:` references). Several: all or none. */
  submitJobs(jdls: readonly string[]): Promise<SubmitResult> {
    return this.request('POST', '/api/jobs', jdls.length === 1 ? { jdl: jdls[0] } : { jdls });
  }

  /**
   * Submits one JDL as DIRAC's client does: packs the local InputSandbox files (relative to
   * `baseDir`) into a sandbox, uploads it, and submits the JDL with InputSandbox naming that sandbox
   * plus its `SB:`/`LFN:` entries; the rest of the text is sent as written. A refused JDL is a
   * MajoranaClientError with code `invalid-jdl` and the message `FILE:LINE:COLUMN: reason`. A
   * parametric JDL gives several IDs.
   */
  async submit(jdl: string, options: SubmitOptions = {}): Promise<SubmittedJdl> {
    const fileName = options.fileName ?? 'jdl';
    const plan = await planInputSandbox(jdl, fileName);
    let inputSandbox: UploadedFiles | undefined;
    let text = jdl;
    if (plan.rewrite !== null) {
      const baseDir = options.baseDir ?? process.cwd();
      inputSandbox = await this.uploadFiles(baseDir, plan.localEntries, {
        ...(options.maxSandboxBytes === undefined ? {} : { maxBytes: options.maxSandboxBytes }),
      });
      if (inputSandbox.missing.length > 0) {
        throw new MajoranaClientError(
          0,
          `InputSandbox file(s) not found in ${resolve(baseDir)}: ${inputSandbox.missing.join(', ')} (names are relative to the current folder, as in DIRAC)`,
          { missing: inputSandbox.missing },
          'missing-input-files',
        );
      }
      text = plan.rewrite(inputSandbox.ref);
    }
    try {
      const submitted = await this.submitJobs([text]);
      return inputSandbox === undefined ? submitted : { ...submitted, inputSandbox };
    } catch (error) {
      throw renameJdlError(error, fileName);
    }
  }

  /** `submit` of a JDL file; its errors are named after the path as given. */
  async submitFile(path: string, options: Omit<SubmitOptions, 'fileName'> = {}): Promise<SubmittedJdl> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new MajoranaClientError(
        0,
        code === 'ENOENT' ? `no such file: ${path}` : `cannot read ${path}: ${code ?? String(error)}`,
        {
          path,
        },
        'invalid-request',
      );
    }
    return this.submit(text, { ...options, fileName: path });
  }

  searchJobs(body: SearchJobsRequest = {}): Promise<JobSearchResult> {
    return this.request('POST', '/api/jobs/search', body);
  }

  /** Counts of the jobs you may see, grouped by the fields (default: status). */
  summary(groupBy: readonly SummaryField[] = ['status']): Promise<JobSummaryRow[]> {
    return this.request('GET', `/api/jobs/summary?groupBy=${encodeURIComponent(groupBy.join(','))}`);
  }

  job(jobId: number): Promise<Job> {
    return this.request('GET', `/api/jobs/${jobId}`);
  }

  /** The jobs among `jobIds` that exist and you may see, in ascending JobID order (unknown IDs are left out, as in DIRAC). */
  async jobs(jobIds: readonly number[]): Promise<Job[]> {
    const found: Job[] = [];
    const unique = [...new Set(jobIds)];
    for (let start = 0; start < unique.length; start += MAX_PER_PAGE) {
      const slice = unique.slice(start, start + MAX_PER_PAGE);
      const page = await this.searchJobs({
        search: [{ parameter: 'JobID', operator: 'in', values: slice }],
        sort: [{ parameter: 'JobID', direction: 'asc' }],
        perPage: slice.length,
      });
      found.push(...page.jobs);
    }
    return found;
  }

  /** Every job matching the conditions, all pages, up to `limit` (0: all). */
  async selectJobs(search: SearchJobsRequest['search'], limit = 0): Promise<{ jobs: Job[]; total: number }> {
    const jobs: Job[] = [];
    let total = 0;
    for (let page = 1; ; page++) {
      const perPage = limit > 0 ? Math.min(MAX_PER_PAGE, limit - jobs.length) : MAX_PER_PAGE;
      const answer = await this.searchJobs({
        ...(search ? { search } : {}),
        sort: [{ parameter: 'JobID', direction: 'asc' }],
        page,
        perPage,
      });
      total = answer.total;
      jobs.push(...answer.jobs);
      if (answer.jobs.length < perPage || jobs.length >= total || (limit > 0 && jobs.length >= limit)) {
        return { jobs, total };
      }
    }
  }

  /** The job's status history, oldest first. */
  logging(jobId: number): Promise<LoggingRecord[]> {
    return this.request('GET', `/api/jobs/${jobId}/logging`);
  }

  /** The parameters the job's pilots and wrapper reported (DIRAC's job parameters: CPUNormalizationFactor, TotalCPUTime(s), …). */
  parameters(jobId: number): Promise<Record<string, string>> {
    return this.request('GET', `/api/jobs/${jobId}/parameters`);
  }

  /** The JDL as Majorana runs it, or as submitted with `original`. */
  jdl(jobId: number, options: { original?: boolean } = {}): Promise<JobJdl> {
    return this.request('GET', `/api/jobs/${jobId}/jdl${options.original ? '?original=true' : ''}`);
  }

  /** The last lines of the job's StdOutput from its latest heartbeat (404 until the running job has sent one). */
  peek(jobId: number): Promise<JobPeek> {
    return this.request('GET', `/api/jobs/${jobId}/peek`);
  }

  /** Why is this job not running? */
  explain(jobId: number): Promise<Explanation> {
    return this.request('GET', `/api/jobs/${jobId}/explain`);
  }

  /** The pilots that ran the job's attempts. */
  jobPilots(jobId: number): Promise<JobPilot[]> {
    return this.request('GET', `/api/jobs/${jobId}/pilot`);
  }

  killJobs(jobIds: readonly number[]): Promise<JobActionResponse> {
    return this.request('POST', '/api/jobs/kill', { jobIds });
  }

  deleteJobs(jobIds: readonly number[]): Promise<JobActionResponse> {
    return this.request('POST', '/api/jobs/delete', { jobIds });
  }

  rescheduleJobs(jobIds: readonly number[]): Promise<JobActionResponse> {
    return this.request('POST', '/api/jobs/reschedule', { jobIds });
  }

  // --- sandboxes --------------------------------------------------------------------------------

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
   * answer's `ref` in the JDL's InputSandbox in place of the local names (`submit` does that).
   */
  async uploadFiles(cwd: string, files: readonly string[], options: { maxBytes?: number } = {}): Promise<UploadedFiles> {
    const { packSandbox } = await import('@majorana/sandbox');
    const packed = await packSandbox({ cwd, files, maxBytes: options.maxBytes ?? DEFAULT_MAX_SANDBOX_BYTES });
    const [uploaded, archive] = await Promise.all([this.uploadSandbox(packed.stream), packed.done]);
    if (uploaded.sha256 !== archive.sha256) {
      throw new MajoranaClientError(
        0,
        `the server stored sha256 ${uploaded.sha256} but ${archive.sha256} was packed: upload again`,
        undefined,
        'damaged-download',
      );
    }
    return { ...uploaded, missing: packed.missing };
  }

  /** The job's input sandbox, saved to `toPath` (for the job's pilot, with its job token, or a user who may see the job). */
  async downloadInputSandbox(jobId: number, toPath: string): Promise<SavedArchive> {
    return this.saveTo(await this.send('GET', `/api/jobs/${jobId}/input-sandbox`), toPath);
  }

  /** Uploads the job's output sandbox with the job token of its pilot; `sha256` is the archive's (required by the server). */
  async uploadOutputSandbox(jobId: number, source: SandboxSource, sha256: string): Promise<StoredOutputSandbox> {
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

  /**
   * Downloads the job's output sandbox and unpacks it into `dir` as it streams in, through the
   * sandbox library's guarded extraction (nothing is written outside `dir`; links cannot escape it).
   * The archive is checked against the sha256 the server sends. If anything fails, a `dir` this call
   * made is removed again, so a half-unpacked output never looks like a complete one.
   */
  async downloadOutput(jobId: number, dir: string): Promise<DownloadedOutput> {
    const target = resolve(dir);
    const existed = await stat(target).then(
      () => true,
      () => false,
    );
    const response = await this.send('GET', `/api/jobs/${jobId}/output-sandbox`);
    const expected = response.header('x-majorana-sha256');
    const { extractSandbox } = await import('@majorana/sandbox');
    try {
      const extracted = await extractSandbox({
        source: response.stream(),
        target,
        ...(expected ? { expectedSha256: expected.toLowerCase() } : {}),
      });
      return { dir: target, sha256: extracted.sha256, bytes: extracted.bytes, entries: extracted.entries };
    } catch (error) {
      if (!existed) {
        await rm(target, { recursive: true, force: true });
      }
      throw new MajoranaClientError(
        0,
        `the output sandbox of job ${jobId} could not be unpacked into ${basename(target)}: ${(error as Error).message}`,
        undefined,
        'damaged-download',
      );
    }
  }

  /** What the job's output sandbox holds. */
  async listOutputFiles(jobId: number): Promise<SandboxFile[]> {
    return this.json(await this.send('GET', `/api/jobs/${jobId}/output-sandbox/files`));
  }

  /** One file of the job's output sandbox, as a stream (`results/hist.root`). */
  async downloadOutputFile(jobId: number, path: string): Promise<Readable> {
    const encoded = path.split('/').map(encodeURIComponent).join('/');
    return (await this.send('GET', `/api/jobs/${jobId}/output-sandbox/files/${encoded}`)).stream();
  }

  // --- pilots -----------------------------------------------------------------------------------

  /** Pilots, newest first (site managers and administrators). */
  pilots(query: PilotListQuery = {}): Promise<PilotList> {
    const params = new URLSearchParams();
    if (query.status && query.status.length > 0) {
      params.set('status', query.status.join(','));
    }
    for (const key of ['ce', 'site', 'page', 'perPage'] as const) {
      if (query[key] !== undefined) {
        params.set(key, String(query[key]));
      }
    }
    const search = params.toString();
    return this.request('GET', `/api/pilots${search ? `?${search}` : ''}`);
  }

  pilot(pilotRef: string): Promise<Pilot> {
    return this.request('GET', `/api/pilots/${encodeURIComponent(pilotRef)}`);
  }

  /** The tails of the pilot's stdout and stderr (DIRAC's dirac-admin-get-pilot-output). */
  pilotOutput(pilotRef: string): Promise<PilotOutput> {
    return this.request('GET', `/api/pilots/${encodeURIComponent(pilotRef)}/output`);
  }

  /** The pilot finishes its jobs, takes no more, and leaves. */
  drainPilot(pilotRef: string): Promise<Pilot> {
    return this.request('POST', `/api/pilots/${encodeURIComponent(pilotRef)}/drain`);
  }

  /** What a pilot asks for a slot (pilots use the WebSocket gateway; this is the HTTP form). */
  match(slot: MatchRequest): Promise<MatchResponse> {
    return this.request('POST', '/api/matcher/match', slot);
  }

  // --- sites ------------------------------------------------------------------------------------

  /** The site mask: every site with a status. */
  sites(): Promise<Site[]> {
    return this.request('GET', '/api/sites');
  }

  /** Bans a site (no more jobs go there); answers the whole mask. */
  banSite(site: string, reason: string): Promise<Site[]> {
    return this.request('POST', '/api/sites/ban', { site, reason });
  }

  /** Allows a site again; answers the whole mask. */
  allowSite(site: string, reason: string): Promise<Site[]> {
    return this.request('POST', '/api/sites/allow', { site, reason });
  }

  // --- administration ---------------------------------------------------------------------------

  addUser(name: string, groups: readonly string[]): Promise<User> {
    return this.request('POST', '/api/admin/users', { name, groups });
  }

  listUsers(): Promise<User[]> {
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

  /** The computing elements the agents submit pilots to (configuration file and API declarations). */
  computingElements(): Promise<ComputingElement[]> {
    return this.request('GET', '/api/admin/computing-elements');
  }

  /** Declares (or replaces) a computing element by name. */
  declareComputingElement(name: string, declaration: ComputingElementDeclaration): Promise<ComputingElement> {
    return this.request('PUT', `/api/admin/computing-elements/${encodeURIComponent(name)}`, declaration);
  }

  /** Removes a computing element declared through the API. */
  async removeComputingElement(name: string): Promise<void> {
    await this.request('DELETE', `/api/admin/computing-elements/${encodeURIComponent(name)}`);
  }

  // --- transport --------------------------------------------------------------------------------

  async request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    return this.json(
      await this.send(method, path, {
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      }),
    );
  }

  /** One request; a network failure or an answer other than 2xx becomes a MajoranaClientError with the server's message. */
  private async send(method: Method, path: string, request: SendOptions = {}): Promise<TransportResponse> {
    let response: TransportResponse;
    try {
      response = await this.transport({
        method,
        url: `${this.url}${path}`,
        headers: {
          accept: 'application/json',
          ...request.headers,
          ...(request.length === undefined ? {} : { 'content-length': String(request.length) }),
          ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
        },
        ...(request.body === undefined ? {} : { body: request.body }),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const code = (error as { code?: string }).code;
      throw new ServerUnreachableError(this.url, code ?? cause?.code ?? cause?.message ?? (error as Error).message);
    }
    if (response.status < 200 || response.status > 299) {
      const json = safeJson(await response.text()) as { message?: string; code?: unknown; details?: unknown } | null;
      const message = json?.message ?? `HTTP ${response.status} from ${method} ${path}`;
      const apiCode = typeof json?.code === 'string' ? json.code : undefined;
      if (response.status === 401) {
        throw new AuthenticationError(message, json?.details, apiCode);
      }
      throw new MajoranaClientError(response.status, message, json?.details, undefined, apiCode);
    }
    return response;
  }

  private async json<T>(response: TransportResponse): Promise<T> {
    const text = await response.text();
    return (text === '' ? null : safeJson(text)) as T;
  }

  private async saveTo(response: TransportResponse, toPath: string): Promise<SavedArchive> {
    return saveArchive(response.stream(), toPath, response.header('x-majorana-sha256'));
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
