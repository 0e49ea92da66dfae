import { Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JobQueue } from '../src/queues/job-queue';
import { bullConnection } from '../src/queues/queues';
import { testRedisUrl } from './support/test-app';

/**
 * A row committed just before a shutdown (the SMTP receiver's 250 goes out while its add is
 * on the way) must reach Redis before the queue's connection closes: else it waits for the
 * sweeper, a minute later. Against the real Redis of the test run.
 */
describe('JobQueue on close', () => {
  let url: string;
  beforeAll(async () => {
    url = await testRedisUrl();
  });

  it('lets the adds under way land before it closes the connection', async () => {
    const queue = new JobQueue('closing', url, new Logger('test'));
    const added = Array.from({ length: 20 }, (_, i) =>
      queue.add('process', { n: i }, { jobId: `row-${i}`, removeOnComplete: true }),
    );
    // Not awaited, as the receiver does not: close at once.
    await queue.close();
    expect(await Promise.all(added)).toEqual(Array(20).fill(true));

    const reader = new Queue('closing', { connection: bullConnection(url) });
    try {
      expect(await reader.getWaitingCount()).toBe(20);
    } finally {
      await reader.close();
    }
  });
});
