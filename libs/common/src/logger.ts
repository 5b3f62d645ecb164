import { currentContext } from './context';
import { redactSecrets } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogSink = (line: string) => void;

let minLevel: LogLevel = 'info';
let sink: LogSink = (line) => process.stdout.write(line + '\n');

export function configureLogging(options: { level?: LogLevel; sink?: LogSink }): void {
  if (options.level) minLevel = options.level;
  if (options.sink) sink = options.sink;
}

/**
 * Structured JSON logger. Every line carries the current request id (correlation id) when there is
 * one. Values that look like API keys are masked; callers never pass document bodies or secrets.
 */
export class Logger {
  constructor(private readonly component: string) {}

  debug(msg: string, fields?: Record<string, unknown>): void {
    this.write('debug', msg, fields);
  }
  info(msg: string, fields?: Record<string, unknown>): void {
    this.write('info', msg, fields);
  }
  warn(msg: string, fields?: Record<string, unknown>): void {
    this.write('warn', msg, fields);
  }
  error(msg: string, fields?: Record<string, unknown>): void {
    this.write('error', msg, fields);
  }

  private write(level: LogLevel, msg: string, fields?: Record<string, unknown>): void {
    if (ORDER[level] < ORDER[minLevel]) return;
    const ctx = currentContext();
    const entry: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      component: this.component,
      msg,
    };
    if (ctx?.requestId) entry.requestId = ctx.requestId;
    if (ctx?.tenantId) entry.tenantId = ctx.tenantId;
    if (fields) Object.assign(entry, normalizeFields(fields));
    sink(redactSecrets(JSON.stringify(entry)));
  }
}

function normalizeFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v;
  }
  return out;
}
