/**
 * `p`, or a rejection after `ms` milliseconds ("timed out after … ms"), whichever comes
 * first. The work behind `p` goes on; only the wait is bounded. The timer never keeps the
 * process alive.
 */
export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([p, expired]).finally(() => clearTimeout(timer));
}
