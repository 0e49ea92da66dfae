import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const { pg, redis } = globalThis.__helpdeskServices ?? {};
  redis?.kill('SIGKILL');
  await pg?.stop().catch(() => {});
  if (process.env.HELPDESK_TEST_DIR) rmSync(process.env.HELPDESK_TEST_DIR, { recursive: true, force: true });
}
