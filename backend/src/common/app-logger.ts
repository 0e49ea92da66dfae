import { ConsoleLogger, LogLevel } from '@nestjs/common';
import type { EnvConfig } from '../config/config';

/** Nest's start-up chatter (one line per module and route) is noise unless debugging. */
const BOOT_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

export class AppLogger extends ConsoleLogger {
  constructor(
    private readonly showBootLogs: boolean,
    levels: LogLevel[],
    json: boolean,
  ) {
    super({ logLevels: levels, json, colors: !json && process.stdout.isTTY });
  }

  override log(message: unknown, context?: string) {
    if (!this.showBootLogs && context && BOOT_CONTEXTS.has(context)) return;
    super.log(message, context);
  }
}

const LOG_LEVELS: Record<EnvConfig['log']['level'], LogLevel[]> = {
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  info: ['fatal', 'error', 'warn', 'log'],
  warn: ['fatal', 'error', 'warn'],
  error: ['fatal', 'error'],
};

/** The process's logger: LOG_LEVEL picks what is written, LOG_FORMAT=json one JSON object per line. */
export const createLogger = (config: Pick<EnvConfig, 'log'>) =>
  new AppLogger(config.log.level === 'debug', LOG_LEVELS[config.log.level], config.log.format === 'json');
