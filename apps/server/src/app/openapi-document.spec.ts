import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { openApiJson } from './openapi-document.js';

describe(openApiJson.name, () => {
  it('matches the checked-in openapi.json (run `npm run openapi` after changing the API)', async () => {
    const checkedIn = readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'openapi.json'), 'utf8');
    expect(await openApiJson()).toBe(checkedIn);
  }, 30_000);

  it('documents every endpoint of the issue with the bearer scheme', async () => {
    const document = JSON.parse(await openApiJson()) as {
      paths: Record<string, unknown>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/health',
        '/api/jobs',
        '/api/jobs/search',
        '/api/jobs/summary',
        '/api/jobs/{id}',
        '/api/jobs/{id}/jdl',
        '/api/jobs/{id}/logging',
        '/api/jobs/{id}/parameters',
        '/api/jobs/{id}/explain',
        '/api/jobs/kill',
        '/api/jobs/delete',
        '/api/jobs/reschedule',
        '/api/sites',
        '/api/sites/ban',
        '/api/sites/allow',
        '/api/matcher/match',
        '/api/admin/users',
        '/api/admin/tokens',
        '/api/admin/tokens/revoke',
        '/api/sandboxes',
        '/api/jobs/{id}/input-sandbox',
        '/api/jobs/{id}/output-sandbox',
        '/api/jobs/{id}/output-sandbox/files',
        '/api/jobs/{id}/output-sandbox/files/{path}',
      ]),
    );
    expect(Object.keys(document.components.securitySchemes)).toEqual(['bearer']);
  }, 30_000);
});
