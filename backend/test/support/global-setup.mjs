// Starts one real PostgreSQL and one real redis-server for the whole run. Test files get
// their own database (cloned from a migrated template) and their own Redis database index.
import { startDatabaseServices } from '../../../test/support/services.mjs';

export default async function globalSetup() {
  const services = await startDatabaseServices({
    // Throwaway data: durability buys nothing here and costs seconds.
    postgresFlags: [
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=300',
    ],
    redisArgs: ['--databases', '64'],
  });
  process.env.HELPDESK_TEST_PG_URL = services.pgUrl;
  process.env.HELPDESK_TEST_REDIS_URL = services.redisUrl;
  globalThis.__helpdeskServices = services;
}
