import { DynamicModule, Global, Injectable, Module } from '@nestjs/common';

/**
 * The time rules measure ("hours since…", automation windows, the loop cap): one
 * provider, so a test can hand the application a clock it moves
 * (`createApp(config, { clock })`) instead of waiting five days. Timestamps PostgreSQL
 * writes (`now()`) stay real; rules compare them with this clock.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** The one Clock of the application (a test passes its own to move time). */
@Global()
@Module({})
export class ClockModule {
  static forRoot(clock: Clock = new Clock()): DynamicModule {
    return { module: ClockModule, providers: [{ provide: Clock, useValue: clock }], exports: [Clock] };
  }
}
