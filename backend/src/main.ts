import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { existsSync, writeFileSync } from 'node:fs';
import { createApp } from './app/create-app';
import { createLogger } from './common/app-logger';
import { appConfig, ConfigError, EnvConfig, loadConfig } from './config/config';
import { runMigrations, withSetupLock } from './database/data-source';
import { waitForDatabase, waitForSchema } from './database/schema-wait';
import { DataDirInUseError, DataDirLock, lockDataDir } from './launcher/data-dir-lock';
import { withDatabase } from './database/standalone';
import { EmbeddedPostgresError, StartedService, startEmbeddedPostgres } from './launcher/embedded-database';
import { RedisUnavailableError, startRedisProcess } from './launcher/redis-process';
import { readRelease, readVendorPublicKey } from './licence/release';
import { checkUpgradeIsCovered, recordRelease, UpgradeNotCoveredError } from './licence/upgrade-check';
import { MailboxesRepository } from './mail-in/mailboxes/mailboxes.repository';
import { SettingsRepository } from './settings/settings.repository';
import { ensureInitialAdmin } from './users/initial-admin';

const logger = new Logger('Helpdesk');

/**
 * Starts one process in the role HELPDESK_ROLE names. With role `all` and no
 * DATABASE_URL / REDIS_URL it also runs its own PostgreSQL and Redis under the data
 * directory: the single-machine mode behind `npm start`. Those run in sessions of their
 * own, so a signal to the process group reaches only this process, which stops them after
 * its own shutdown, and exits only once they are gone.
 */
async function main() {
  const env = loadConfig();
  Logger.overrideLogger(createLogger(env));
  const started: StartedService[] = [];
  let lock: DataDirLock | undefined;
  const stopStarted = async () => {
    // Newest first: Redis, then PostgreSQL. Each stop runs once, however often this is called.
    for (const s of [...started].reverse())
      await s.stop().catch((e) => logger.error(`stopping: ${(e as Error).message}`));
    lock?.release();
  };

  try {
    // Role `all` without DATABASE_URL / REDIS_URL runs its own (loadConfig requires them for the other roles).
    const ownsServices = !env.database.url || (!env.redis.url && env.role === 'all');
    if (ownsServices) lock = lockDataDir(env.dataDir);
    let databaseUrl = env.database.url;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres(env.dataDir, (l) => logger.log(l));
      started.push(pg);
      databaseUrl = pg.url;
      logger.log(`PostgreSQL (embedded) running, data in ${env.dataDir}/postgres`);
    }
    let redisUrl = env.redis.url;
    if (!redisUrl && env.role === 'all') {
      const redis = await startRedisProcess(env.dataDir, (l) => logger.log(l));
      started.push(redis);
      redisUrl = redis.url;
      logger.log(`Redis running, data in ${env.dataDir}/redis`);
    }

    // The chart hands the first admin's credentials to the migrations Job only; without
    // them the api role creates one with a generated password, as before.
    const seedsAdmin =
      env.role === 'all' || env.role === 'api' || (env.role === 'migrate' && env.admin.password !== undefined);
    if (env.role === 'migrate' || env.role === 'all') {
      await migrateAndSeed(env, databaseUrl, seedsAdmin);
      if (env.role === 'migrate') return;
    }
    const config = appConfig(env, { databaseUrl, redisUrl });
    if (env.role !== 'all') {
      // The migrations Job may still be running (first install) or a pod may be ahead of it (upgrade).
      await waitForSchema(config);
      if (seedsAdmin)
        await withSetupLock(databaseUrl, () => withDatabase(databaseUrl, (db) => ensureInitialAdmin(db, env)));
    }

    const { app } = await createApp(config);
    await app.listen(config.http.port, config.http.host).catch(async (e) => {
      await app.close().catch(() => undefined);
      throw e;
    });
    logger.log(
      `role ${config.role} listening on http://${config.http.host === '0.0.0.0' ? 'localhost' : config.http.host}:${config.http.port}`,
    );

    // Graceful stop (SIGTERM from Kubernetes or Docker; this process may be PID 1). Nest's
    // close runs, in order: beforeApplicationShutdown (the SMTP receiver stops accepting and
    // lets open transactions finish; the worker finishes its jobs), then closes the HTTP
    // server (no new connections, in-flight requests drain), then onApplicationShutdown
    // (queue, Redis and database connections). Then the services this process started.
    // Past 30 s the app's shutdown is cut short, but its services are still stopped.
    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.log(`${signal}: shutting down`);
      const force = setTimeout(() => {
        logger.error('shutdown took over 30 s: stopping anyway');
        void stopStarted().finally(() => process.exit(1));
      }, 30_000);
      force.unref();
      await app.close();
      await stopStarted();
      logger.log('stopped');
      process.exit(0);
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
  } catch (e) {
    await stopStarted();
    throw e;
  }
}

/**
 * The migrate step (role `migrate`, and role `all` before it starts): the licence's
 * upgrade check, migrations, the default mailbox and the first admin, all under the setup
 * lock, so an api role that sees the new schema waits for this seeding instead of making
 * an admin of its own.
 */
async function migrateAndSeed(env: EnvConfig, databaseUrl: string, seedsAdmin: boolean) {
  await waitForDatabase(databaseUrl);
  await withSetupLock(databaseUrl, async () => {
    const release = readRelease();
    // Only the explicit upgrade step refuses; `npm start` on one machine just warns (in the api).
    if (env.role === 'migrate') {
      await withDatabase(databaseUrl, (db) =>
        checkUpgradeIsCovered(new SettingsRepository(db.sql), env, readVendorPublicKey(), release),
      );
    }
    const applied = await runMigrations(databaseUrl);
    logger.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');
    await withDatabase(databaseUrl, async (db) => {
      // A fresh install answers for HELPDESK_MAILBOX until an admin configures mailboxes.
      await new MailboxesRepository(db.sql).seedDefault(env.mail.defaultMailbox);
      await recordRelease(new SettingsRepository(db.sql), release);
      if (seedsAdmin) await ensureInitialAdmin(db, env);
    });
  });
}

function writeTerminationMessage(message: string) {
  // Only where Kubernetes mounted one: never create files in /dev elsewhere.
  if (existsSync('/dev/termination-log')) writeFileSync('/dev/termination-log', message);
}

main().catch((e: unknown) => {
  const inUse =
    (e as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE'
      ? (e as NodeJS.ErrnoException & { port?: number; address?: string })
      : null;
  if (inUse) {
    process.stderr.write(
      `helpdesk: port ${inUse.port} on ${inUse.address} is already in use (another Helpdesk still running?). Stop it, or set PORT / SMTP_PORT.\n`,
    );
  } else if (
    e instanceof ConfigError ||
    e instanceof DataDirInUseError ||
    e instanceof RedisUnavailableError ||
    e instanceof EmbeddedPostgresError ||
    e instanceof UpgradeNotCoveredError
  ) {
    process.stderr.write(`helpdesk: ${e.message}\n`);
    // Kubernetes shows this file as the failed hook container's reason.
    if (e instanceof UpgradeNotCoveredError) writeTerminationMessage(e.message);
  } else {
    logger.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  }
  process.exit(1);
});
