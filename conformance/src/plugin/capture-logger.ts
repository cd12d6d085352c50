import { LogFields, Logger } from '@ledgersync/sdk';

/** A logger that keeps every line, so that the secrets check can scan what the adapter logged. */
export class CaptureLogger implements Logger {
  readonly lines: string[] = [];

  debug(message: string, fields?: LogFields): void {
    this.keep('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.keep('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.keep('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.keep('error', message, fields);
  }

  private keep(level: string, message: string, fields?: LogFields): void {
    this.lines.push(`${level} ${message}${fields ? ` ${safeJson(fields)}` : ''}`);
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
