import { OutageLog } from './outage-log';

describe('OutageLog', () => {
  const setup = () => {
    let now = 0;
    const lines: string[] = [];
    const logger = {
      warn: (m: string) => lines.push(`warn ${m}`),
      error: (m: string) => lines.push(`error ${m}`),
      log: (m: string) => lines.push(`log ${m}`),
    };
    return { log: new OutageLog(logger, 'PostgreSQL', () => now), lines, tick: (ms: number) => (now += ms) };
  };

  it('logs a thousand failures a second as a few lines, with backoff, and the recovery once', () => {
    const { log, lines, tick } = setup();
    for (let ms = 0; ms < 30_000; ms++) {
      log.failure(new Error('connect ECONNREFUSED'));
      tick(1);
    }
    expect(log.failing).toBe(true);
    // The first failure, then after 1, 3, 7 and 15 s (the period doubles).
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('error PostgreSQL failing: connect ECONNREFUSED');
    expect(lines[1]).toMatch(/^warn PostgreSQL still failing after 1 s \(1001 failures\)/);
    log.success();
    log.success();
    expect(lines.slice(5)).toEqual(['log PostgreSQL recovered after 30.0 s (30000 failures)']);
    expect(log.failing).toBe(false);
  });

  it('says nothing while all is well, and starts afresh for the next outage', () => {
    const { log, lines } = setup();
    log.success();
    expect(lines).toEqual([]);
    log.failure('down');
    log.success();
    log.failure('down again');
    expect(lines[2]).toBe('error PostgreSQL failing: down again');
  });
});
