import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from '../support/processes';

/**
 * The browser suite's harness: a test file whose set-up fails must not hold the run. A
 * browser launched beside an instance that failed to start was never closed, jest waited for
 * it forever, and CI killed the e2e step after 25 minutes (close-browsers.ts).
 */
describe('the e2e harness', () => {
  it('exits at once after a file whose beforeAll failed while launching Chromium', () => {
    const started = Date.now();
    const run = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/jest/bin/jest.js'),
        '--config',
        'test/e2e/jest.config.js',
        '--testMatch',
        '**/support/fixtures/failed-setup.fixture.ts',
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' },
    );
    const output = run.stdout + run.stderr;
    expect(output).toMatch(/the instance did not start/);
    expect(output).not.toMatch(/did not exit one second after/);
    // Exited by itself (1: the fixture's test failed), not killed by the timeout.
    expect({ status: run.status, signal: run.signal }).toEqual({ status: 1, signal: null });
    console.log(`jest exited after ${Date.now() - started} ms`);
  });
});
