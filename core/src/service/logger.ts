import { Logger as SdkLogger, LogFields } from '@ledgersync/sdk';
import { DestinationStream, Logger, pino } from 'pino';
import { LogLevel } from './config';

/**
 * The service's structured log: pino JSON lines with levels, on stdout (systemd's journal and
 * WinSW/NSSM capture it). pino rather than hand-written JSON: levels, child loggers, a fast
 * serialiser and path redaction, maintained. Secrets: known field names are redacted, and every
 * secret value the configuration resolved is scrubbed from every line, whatever field carries it.
 */
export function serviceLogger(level: LogLevel, secrets: () => string[], destination: DestinationStream | NodeJS.WritableStream = process.stdout): Logger {
  const scrub = (line: string) => {
    let out = line;
    for (const value of secrets()) if (value.length >= 4) out = out.split(JSON.stringify(value).slice(1, -1)).join('[REDACTED]');
    return out;
  };
  const stream = { write: (line: string) => (destination as NodeJS.WritableStream).write(scrub(line)) };
  return pino(
    {
      level,
      base: { service: 'ledgersync-connector', pid: process.pid },
      redact: { paths: ['credential', '*.credential', 'password', '*.password', 'authorization', '*.authorization', 'lease', '*.lease'], censor: '[REDACTED]' },
    },
    stream,
  );
}

/** The SDK's logger interface (the plugin host's) over pino. */
export function sdkLogger(log: Logger): SdkLogger {
  const at = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields?: LogFields) => log[level](fields ?? {}, message);
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
