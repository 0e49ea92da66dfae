import { Module } from '@nestjs/common';
import { JobRunner } from './job-runner';

/** Role worker: the one runner of the queues' workers and sweepers. */
@Module({ providers: [JobRunner], exports: [JobRunner] })
export class QueuesModule {}
