import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type Redis from 'ioredis';
import * as path from 'node:path';
import { MAX_UPLOAD_BYTES } from '../attachments/attachments.controller';
import { createLogger } from '../common/app-logger';
import { HttpErrorsFilter } from '../common/http-errors.filter';
import { createValidationPipe } from '../common/validation';
import { Config } from '../config/config';
import { installWebEdge } from '../edge/install-edge';
import { httpRequestDuration } from '../metrics/metrics';
import { REDIS } from '../redis/redis.module';
import { resolveFrontendDir } from '../web/frontend-dir';
import { AppModule, AppOptions } from './app.module';

export interface RouteInfo {
  method: string;
  url: string;
}

/**
 * Builds the HTTP application of a role (not yet listening). Every role gets
 * /healthz, /readyz and /metrics; the api role also gets the REST API, its OpenAPI
 * document and the agent UI.
 */
export async function createApp(
  config: Config,
  options: AppOptions = {},
): Promise<{ app: INestApplication; routes: RouteInfo[] }> {
  const trustProxy = config.http.trustProxy;
  const adapter = new FastifyAdapter({
    trustProxy: typeof trustProxy === 'object' ? [...trustProxy] : trustProxy,
    bodyLimit: 5 * 1024 * 1024,
  });
  const fastify = adapter.getInstance();
  const routes: RouteInfo[] = [];
  fastify.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url });
  });
  const errors = new HttpErrorsFilter();
  fastify.addHook('onResponse', async (req, reply) => {
    // An API answer that succeeded went through the database (every route authenticates against it).
    if (reply.statusCode < 400 && req.url.startsWith('/api/')) errors.answered();
    const route = req.routeOptions.url ?? 'unmatched';
    httpRequestDuration.observe(
      { method: req.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  // Shutdown drains in-flight requests; their answers close the connection, or it would
  // stay open as an idle keep-alive (Node closes those only once, when the drain starts).
  // The listener may be closed by Socket.IO (first) or by Fastify: either way it stops listening.
  fastify.addHook('onSend', async (_req, reply) => {
    if (!fastify.server.listening) reply.header('connection', 'close');
  });

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRole(config, options), adapter, {
    logger: createLogger(config),
    // Nest would add a urlencoded parser (cross-site forms could post to us); installWebEdge sets JSON only.
    bodyParser: false,
  });
  const servesApi = config.role === 'api' || config.role === 'all';
  await installWebEdge(fastify, config, () => (servesApi ? app.get<symbol, Redis>(REDIS) : null));
  app.useGlobalFilters(errors);
  app.useGlobalPipes(createValidationPipe());
  await app.register(fastifyCookie);
  // Agents upload attachments for replies one file per request (POST /api/v1/attachments).
  await app.register(fastifyMultipart, { limits: { files: 1, fields: 10, fileSize: MAX_UPLOAD_BYTES } });

  if (servesApi) {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Helpdesk API')
        .setVersion('1')
        .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Personal API token (hdk_...)' })
        .addCookieAuth('helpdesk_session')
        .build(),
    );
    SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });

    const frontendDir = resolveFrontendDir(config);
    if (frontendDir) {
      await app.register(fastifyStatic, {
        root: frontendDir,
        wildcard: false,
        index: false,
        // The build wrote .br and .gz beside each text asset: sent by content negotiation, no routes of their own.
        preCompressed: true,
        globIgnore: ['**/*.br', '**/*.gz'],
        setHeaders: (res, filePath) => {
          // Vite puts a content hash in every asset name, so they never change.
          const immutable = filePath.startsWith(path.join(frontendDir, 'assets') + path.sep);
          res.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      });
    }
  }
  try {
    await app.init();
  } catch (e) {
    // A module failed to start (say, its port is taken): close the ones that did, so their
    // Redis and database clients end quietly before the caller stops those services.
    await app.close().catch(() => undefined);
    throw e;
  }
  return { app, routes };
}
