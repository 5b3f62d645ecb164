import { LoggerService } from '@nestjs/common';
import { Logger } from '@ctxvault/common';

/** Sends NestJS's own messages to the structured logger. */
export class NestLogBridge implements LoggerService {
  private readonly out = new Logger('nest');
  private write(level: 'info' | 'warn' | 'error' | 'debug', message: unknown, context?: unknown) {
    this.out[level](String(message), context ? { context: String(context) } : undefined);
  }
  log(message: unknown, context?: unknown) {
    this.write('debug', message, context);
  }
  error(message: unknown, _trace?: unknown, context?: unknown) {
    this.write('error', message, context);
  }
  warn(message: unknown, context?: unknown) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: unknown) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: unknown) {
    this.write('debug', message, context);
  }
}
