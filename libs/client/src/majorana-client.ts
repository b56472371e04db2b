import { MajoranaClientError } from './client.error.js';

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

  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await this.fetch(`${this.url}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new MajoranaClientError(
        0,
        `cannot reach the Majorana server at ${this.url} (${cause}): is it running (majorana up)? is MAJORANA_URL right?`,
      );
    }
    const text = await response.text();
    const json: unknown = text === '' ? null : safeJson(text);
    if (!response.ok) {
      const error = json as { message?: string; details?: unknown } | null;
      throw new MajoranaClientError(response.status, error?.message ?? `HTTP ${response.status} from ${path}`, error?.details);
    }
    return json as T;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 200) };
  }
}
