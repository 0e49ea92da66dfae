import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client, Pool } from 'pg';
import Redis from 'ioredis';
import type { AppOptions } from '../../src/app/app.module';
import { createApp, RouteInfo } from '../../src/app/create-app';
import { Clock } from '../../src/common/clock';
import { appConfig, Config, loadConfig } from '../../src/config/config';
import { runMigrations } from '../../src/database/data-source';
import { ensureInitialAdmin } from '../../src/users/initial-admin';
import { withDatabase } from '../../src/database/standalone';
import { HttpClient } from './http-client';
import { OpenApiContract } from './openapi-contract';
import { issueTestLicence, TEST_VENDOR } from './test-licence';

export const ADMIN = { email: 'admin@test.local', password: 'admin-password-123' };
const TEMPLATE = 'helpdesk_template';

function services() {
  const pg = process.env.HELPDESK_TEST_PG_URL;
  const redis = process.env.HELPDESK_TEST_REDIS_URL;
  if (!pg || !redis) throw new Error('test services are not running (jest globalSetup)');
  return { pg, redis };
}

/** A fresh database cloned from a migrated template: each test file starts from an empty schema. */
export async function createTestDatabase(): Promise<string> {
  const { pg } = services();
  const admin = new Client({ connectionString: `${pg}/postgres` });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(4242)');
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE]);
    if (!rowCount) {
      await admin.query(`CREATE DATABASE ${TEMPLATE}`);
      await runMigrations(`${pg}/${TEMPLATE}`);
    }
    const name = `t_${randomBytes(6).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`);
    await admin.query('SELECT pg_advisory_unlock(4242)');
    return `${pg}/${name}`;
  } finally {
    await admin.end();
  }
}

/** A Redis database index of its own per jest worker, emptied for each test file. */
export async function testRedisUrl(): Promise<string> {
  const url = `${services().redis}/${Number(process.env.JEST_WORKER_ID ?? 1)}`;
  const r = new Redis(url);
  await r.flushdb();
  await r.quit();
  return url;
}

export interface TestApp {
  url: string;
  app: INestApplication;
  routes: RouteInfo[];
  config: Config;
  /** Direct SQL for assertions and fixtures. */
  sql: Pool;
  http: HttpClient;
  admin: HttpClient & { user: any };
  /** Creates a user through the API and returns a signed-in client for it. */
  newUser(role: 'admin' | 'agent', email?: string): Promise<HttpClient & { user: any }>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** HELPDESK_LICENCE_KEY defaults to a 1000-seat licence from the test vendor key; pass '' for none. */
  env?: Record<string, string>;
  databaseUrl?: string;
  redisUrl?: string;
  /** The time rules measure: a MovableClock lets a test skip days. */
  clock?: Clock;
  /** Module options only tests set (the sender verification's DNS resolver). */
  app?: Omit<AppOptions, 'licence'>;
}

/** A clock a test moves forward (automations, the loop cap's minute). */
export class MovableClock extends Clock {
  offsetMs = 0;
  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advanceHours(hours: number): void {
    this.offsetMs += hours * 3_600_000;
  }
}

/** Boots the real application (role api unless told otherwise) on a free port against real PostgreSQL and Redis. */
export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const databaseUrl = opts.databaseUrl ?? (await createTestDatabase());
  const redisUrl = opts.redisUrl ?? (await testRedisUrl());
  const config = appConfig(
    loadConfig({
      HELPDESK_ROLE: 'api',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      PORT: '0',
      METRICS_PORT: '0',
      HOST: '127.0.0.1',
      HELPDESK_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'helpdesk-data-')),
      LOG_LEVEL: 'error',
      HELPDESK_ADMIN_EMAIL: ADMIN.email,
      HELPDESK_ADMIN_PASSWORD: ADMIN.password,
      HELPDESK_LOGIN_LIMIT_PER_IP: '100000',
      // Every test file's requests come from 127.0.0.1; the limits' own tests set them low.
      HELPDESK_ANONYMOUS_LIMIT_PER_IP: '100000',
      HELPDESK_TOKEN_LIMIT_PER_MINUTE: '100000',
      // One connection: code that waits for a second pool connection while holding one (in a
      // transaction) deadlocks here at once, instead of at random under load in production.
      DATABASE_POOL_SIZE: '1',
      HELPDESK_LICENCE_KEY: issueTestLicence(),
      ...opts.env,
    }),
  );
  await withDatabase(databaseUrl, (db) => ensureInitialAdmin(db, config));

  const { app, routes } = await createApp(config, {
    ...opts.app,
    licence: { publicKey: TEST_VENDOR.publicKey },
    clock: opts.clock,
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address();
  const url = `http://127.0.0.1:${port}`;
  // Every answer the tests get through `http` and its descendants is checked against the API's OpenAPI document.
  const docs = config.role === 'api' || config.role === 'all' ? await fetch(`${url}/api/docs/openapi.json`) : null;
  const http = new HttpClient(url, {}, docs?.ok ? new OpenApiContract(await docs.json()) : undefined);
  const admin = await http.login(ADMIN.email, ADMIN.password);
  const sql = new Pool({ connectionString: databaseUrl, max: 3 });
  let n = 0;
  return {
    url,
    app,
    routes,
    config,
    sql,
    http,
    admin,
    async newUser(role, email) {
      const address = email ?? `${role}${++n}-${randomBytes(3).toString('hex')}@test.local`;
      const res = await admin.post('/api/v1/users', {
        email: address,
        name: `${role} ${n}`,
        role,
        password: 'password-123456',
      });
      if (res.status !== 201) throw new Error(`creating ${address}: ${res.status} ${JSON.stringify(res.body)}`);
      return http.login(address, 'password-123456');
    },
    async close() {
      await app.close();
      await sql.end();
    },
  };
}
