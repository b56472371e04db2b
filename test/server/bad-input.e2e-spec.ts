import { describe, expect, it } from '@jest/globals';
import type { ApiError, SearchResult } from './support/api-types.js';
import { sendOnSocket } from './support/raw-socket.js';
import { describeOnEachDatabase, type TestServer } from './support/test-server.js';

const MAX_BODY_BYTES = 64 * 1024;
const MAX_PARAMETRIC_JOBS = 10;

async function totalJobs(server: TestServer): Promise<number> {
  return (await server.api<SearchResult>('POST', '/api/jobs/search', { perPage: 1 })).body.total;
}

/** `{"<field>": [[[…]]]}` nested `depth` deep: a few KB that a recursive walk cannot get through. */
function deeplyNested(field: string, depth: number): string {
  return `{"${field}":${'['.repeat(depth)}${']'.repeat(depth)}}`;
}

describe('bad input over HTTP', () => {
  describeOnEachDatabase(
    { env: { MAJORANA_MAX_BODY_BYTES: String(MAX_BODY_BYTES), MAJORANA_MAX_PARAMETRIC_JOBS: String(MAX_PARAMETRIC_JOBS) } },
    (server) => {
      it('answers 413 with a JSON error to a body over MAJORANA_MAX_BODY_BYTES, and stores nothing', async () => {
        const before = await totalJobs(server());
        const jdl = `Executable = "big.sh"; CPUTime = 3600; Arguments = "${'x'.repeat(MAX_BODY_BYTES)}";`;
        const response = await server().api<ApiError>('POST', '/api/jobs', { jdl });
        expect(response.status).toBe(413);
        expect(response.headers.get('content-type')).toContain('application/json');
        expect(response.body).toEqual({ statusCode: 413, error: 'Payload Too Large', code: 'BODY_TOO_LARGE', message: expect.any(String) });
        expect(await totalJobs(server())).toBe(before);
      });

      it('answers 400 with a JSON error to a body that is not JSON', async () => {
        for (const body of ['{not json', '{"jdl": "Executable = \\"x\\";"', '']) {
          const response = await server().sendRaw('POST', '/api/jobs', body, 'application/json');
          expect({ body, status: response.status }).toEqual({ body, status: 400 });
          expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', code: 'INVALID_REQUEST', message: expect.any(String) });
        }
      });

      it('answers 400 to JSON that is not an object, or with fields of the wrong type', async () => {
        for (const body of [
          'null',
          '"Executable = \\"x\\";"',
          '[1, 2]',
          '42',
          '{"jdl": 42}',
          '{"jdls": "Executable = \\"x\\";"}',
          '{"jdls": [42]}',
        ]) {
          const response = await server().sendRaw('POST', '/api/jobs', body, 'application/json');
          expect({ body, status: response.status }).toEqual({ body, status: 400 });
        }
      });

      it('answers 400 to a body not declared as JSON', async () => {
        const response = await server().sendRaw('POST', '/api/jobs', 'Executable = "x";', 'text/plain');
        expect(response).toMatchObject({ status: 400, body: { statusCode: 400 } });
      });

      // Once a bug: JSON nested a few thousand levels deep (10 KB, well under the body limit) overflowed
      // the stack in class-transformer before validation and came back as a 500; JsonDepthPipe now
      // refuses it first, on every JSON endpoint.
      it('answers 400, not 500, to JSON nested thousands of levels deep', async () => {
        for (const [path, body] of [
          ['/api/jobs/search', deeplyNested('search', 5_000)],
          ['/api/jobs/search', deeplyNested('colour', 5_000)],
          ['/api/jobs', deeplyNested('jdls', 5_000)],
        ] as const) {
          const response = await server().sendRaw('POST', path, body, 'application/json');
          expect({ path, status: response.status }).toEqual({ path, status: 400 });
        }
      });

      it('keeps serving after a request nested thousands of levels deep', async () => {
        await server().sendRaw('POST', '/api/jobs/search', deeplyNested('search', 5_000), 'application/json');
        expect((await server().api('GET', '/api/health', undefined, null)).status).toBe(200);
        expect((await server().api('POST', '/api/jobs/search', {})).status).toBe(200);
      });

      it('refuses a JDL with a NUL character with a located 400', async () => {
        const response = await server().api<ApiError>('POST', '/api/jobs', { jdl: 'Executable = "run\u0000.sh";' });
        expect(response).toMatchObject({
          status: 400,
          body: { message: expect.stringMatching(/^jdl:1:\d+: /), details: { code: 'JDL_SYNTAX', line: 1 } },
        });
      });

      it('refuses more jobs than MAJORANA_MAX_PARAMETRIC_JOBS in one request, in one JDL or over a bulk, storing nothing', async () => {
        const before = await totalJobs(server());
        const one = await server().api<ApiError>('POST', '/api/jobs', {
          jdl: `Executable = "x.sh"; CPUTime = 3600; Parameters = ${MAX_PARAMETRIC_JOBS + 1};`,
        });
        expect(one).toMatchObject({
          status: 400,
          body: { message: expect.stringContaining(`more than the limit of ${MAX_PARAMETRIC_JOBS}`) },
        });
        const six = 'Executable = "x.sh"; CPUTime = 3600; Parameters = 6;';
        const bulk = await server().api<ApiError>('POST', '/api/jobs', { jdls: [six, six] });
        expect(bulk).toMatchObject({ status: 400, body: { details: { file: 'jdls[1]' } } });
        expect(await totalJobs(server())).toBe(before);
        const exactly = await server().api('POST', '/api/jobs', {
          jdl: `Executable = "x.sh"; CPUTime = 3600; Parameters = ${MAX_PARAMETRIC_JOBS};`,
        });
        expect(exactly.status).toBe(201);
      });

      it('answers 404 with a JSON error to an unknown route', async () => {
        const response = await server().api<ApiError>('GET', '/api/no-such-thing');
        expect(response).toMatchObject({ status: 404, body: { statusCode: 404, error: 'Not Found', code: 'NOT_FOUND' } });
      });

      it('answers protocol garbage with 4xx or a closed connection, and keeps serving', async () => {
        const garbage: { what: string; bytes: string; status: number | null; hangUpAfterMs?: number }[] = [
          { what: 'binary junk', bytes: '\x00\x01\x02GARBAGE\xff\xfe\r\n\r\n', status: 400 },
          { what: 'a TLS ClientHello on the plain-HTTP port', bytes: '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03', status: 400 },
          { what: 'an unknown HTTP version', bytes: 'GET /api/health HTTP/9.9\r\n\r\n', status: 400 },
          { what: 'a header without a colon', bytes: 'GET /api/health HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n', status: 400 },
          { what: 'a 20 KB header', bytes: `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, status: 431 },
          {
            what: 'Content-Length and Transfer-Encoding together',
            bytes: 'POST /api/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
            status: 400,
          },
          { what: 'a negative Content-Length', bytes: 'POST /api/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n', status: 400 },
          {
            what: 'a body cut short by a client that hangs up',
            bytes: 'POST /api/jobs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"jdl"',
            status: null,
            hangUpAfterMs: 200,
          },
        ];
        for (const { what, bytes, status, hangUpAfterMs } of garbage) {
          const exchange = await sendOnSocket(server().url, bytes, hangUpAfterMs);
          expect({ what, status: exchange.status }).toEqual({ what, status });
          const health = await server().api('GET', '/api/health', undefined, null);
          expect({ what, health: health.status }).toEqual({ what, health: 200 });
        }
        // The database side is fine too: an authenticated request still works.
        expect((await server().api('POST', '/api/jobs/search', {})).status).toBe(200);
      });
    },
  );
});
