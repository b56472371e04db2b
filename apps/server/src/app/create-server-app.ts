import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { JsonDepthPipe } from '../common/json-depth.pipe.js';
import { MajoranaExceptionFilter } from '../common/majorana-exception.filter.js';
import { MajoranaLogger } from '../common/majorana-logger.js';
import { registerSandboxContentTypes } from '../sandboxes/sandbox-content-types.js';
import { AppModule, type ServerDependencies } from './app.module.js';

/**
 * Builds the Nest application (not yet listening): Fastify (an empty guarded route does ~2.5× the
 * requests per second of Express here, which the matcher's HTTP target needs), sandbox bodies handed
 * over as unread streams (their own limit, MAJORANA_MAX_SANDBOX_BYTES, is enforced as they stream), the `/api` prefix,
 * DTO validation that refuses unknown fields, the one error filter, and OpenAPI at /api/docs.
 */
export interface ServerAppOptions {
  /**
   * Serve the Swagger UI at /api/docs (the JSON at /api/docs-json is always served). Off only in
   * Jest's in-process tests: the UI's static-file plugin needs require(esm), which Jest's module
   * loader lacks on Node 20; the end-to-end tests run the real server process with the UI on.
   * @default true
   */
  readonly docsUi?: boolean;
  /**
   * Run the agents in this process: the stalled-job agent and, when MAJORANA_LOCAL_PILOTS > 0, the
   * Local CE with its site director (`majorana up`). Off for production replicas (`majorana server`).
   * @default false
   */
  readonly runAgents?: boolean;
}

export async function createServerApp(dependencies: ServerDependencies, options: ServerAppOptions = {}): Promise<NestFastifyApplication> {
  const config = dependencies.config;
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(dependencies, { runAgents: options.runAgents ?? false }),
    new FastifyAdapter({ bodyLimit: config.maxBodyBytes }),
    { logger: withLevels(new MajoranaLogger(config.logLevel === 'debug'), loggerLevels(config.logLevel)) },
  );
  registerSandboxContentTypes(app.getHttpAdapter().getInstance());
  app.setGlobalPrefix('api');
  app.useGlobalPipes(new JsonDepthPipe(), new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new MajoranaExceptionFilter());
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
    swaggerUiEnabled: options.docsUi ?? true,
  });
  return app;
}

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const info = new DocumentBuilder()
    .setTitle('Majorana WMS API')
    .setDescription('Jobs, task queues, matching and the site mask of a Majorana grid (DiracX-compatible where DiracX has an equivalent).')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, info);
}

function loggerLevels(level: ServerDependencies['config']['logLevel']): ('error' | 'warn' | 'log' | 'debug')[] {
  switch (level) {
    case 'error':
      return ['error'];
    case 'warn':
      return ['error', 'warn'];
    case 'info':
      return ['error', 'warn', 'log'];
    case 'debug':
      return ['error', 'warn', 'log', 'debug'];
  }
}

function withLevels(logger: MajoranaLogger, levels: ReturnType<typeof loggerLevels>): MajoranaLogger {
  logger.setLogLevels(levels);
  return logger;
}
