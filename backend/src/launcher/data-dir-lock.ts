import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import * as path from 'node:path';

/** Another live Helpdesk holds the data directory. */
export class DataDirInUseError extends Error {}

/** Whether a process with this pid is alive (EPERM: alive, another user's). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface DataDirLock {
  /** Gives the directory up (removes the lock file); safe to call twice. */
  release(): void;
}

/**
 * Claims `<dataDir>/helpdesk.pid` for this process, so one Helpdesk at a time runs the
 * embedded PostgreSQL and Redis of a data directory. A lock left by a process that is gone
 * (killed, crashed) is taken over: the services it left running are then orphans, which
 * the launcher stops before starting its own.
 * @throws DataDirInUseError when a live process holds it.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, 'helpdesk.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            unlinkSync(file);
          } catch {
            // already gone
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (holder !== process.pid && isAlive(holder)) {
        throw new DataDirInUseError(
          `another Helpdesk (pid ${holder}) uses the data directory ${dataDir}: stop it first, or set HELPDESK_DATA_DIR`,
        );
      }
      unlinkSync(file); // left by a process that is gone
    }
  }
  throw new DataDirInUseError(`could not lock the data directory ${dataDir}`);
}
