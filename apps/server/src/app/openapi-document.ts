import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataSource, runMigrations } from '@majorana/db';
import { parseAuthConfig } from '@majorana/auth';
import { loadServerConfig } from '../config/server-config.js';
import { AuthSettings } from '../identity/auth-settings.js';
import { DEFAULT_AUTH_CONFIG } from '../identity/default-auth-config.js';
import { buildOpenApiDocument, createServerApp } from './create-server-app.js';

/**
 * The OpenAPI document as checked in at the repository root (openapi.json): keys sorted at every
 * level so that a diff shows what changed in the API and nothing else. Built from a throw-away
 * in-memory server; `npm run openapi` rewrites the file and a test fails when it is stale.
 */
export async function openApiJson(): Promise<string> {
  const dataSource = createDataSource({ sqlitePath: ':memory:' });
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
    const config = loadServerConfig({ MAJORANA_HOME: join(tmpdir(), 'majorana-openapi'), MAJORANA_LOG_LEVEL: 'error' });
    const app = await createServerApp(
      { config, dataSource, authSettings: new AuthSettings(parseAuthConfig(DEFAULT_AUTH_CONFIG)), tokenSecret: randomBytes(32) },
      { docsUi: false },
    );
    try {
      await app.init();
      return `${JSON.stringify(sortKeys(buildOpenApiDocument(app)), null, 2)}\n`;
    } finally {
      await app.close();
    }
  } finally {
    await dataSource.destroy();
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, entry]) => [key, sortKeys(entry)]),
    );
  }
  return value;
}
