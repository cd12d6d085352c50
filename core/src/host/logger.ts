import { Logger, LogFields } from '@ledgersync/sdk';

/** The default host logger: warnings and errors on stderr, one line each. */
export function stderrLogger(): Logger {
  const line = (level: string) => (message: string, fields?: LogFields) => {
    process.stderr.write(`[ledgersync ${level}] ${message}${fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : ''}\n`);
  };
  const quiet = () => undefined;
  return { debug: quiet, info: quiet, warn: line('warn'), error: line('error') };
}
