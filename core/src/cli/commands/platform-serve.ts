/**
 * `ledgersync platform serve --database URL --port N [--host H]`: the reference platform as a
 * long-running server. Migrations run at start (knex's migration lock lets several processes on
 * one MariaDB start together); SIGTERM or SIGINT stops it cleanly: no new requests, the ones in
 * flight answered, the pool closed.
 */
import { pino } from 'pino';
import { redactUrl } from '../../database';
import { NightScheduler, Platform, PlatformServer, startPlatformServer } from '../../platform';
import { parseCommandLine } from '../command-line';
import { openPlatformDatabase } from '../platform-database';

const USAGE = `usage: ledgersync platform serve --database URL [--port N] [--host H] [options]
  --database URL        sqlite:path (default sqlite:ledgersync-platform.db, created if missing) or mysql://user:pass@host/db
  --port N              HTTP port (default 7420; 0 picks a free one, printed in the "listening" line)
  --host H              address to listen on (default 127.0.0.1; put TLS in front before facing a network)
  --allowed-host NAME   a host name the platform answers to besides its address (repeatable; the proxy's name)
  --lease-ms N          how long a claim holds without a heartbeat (default 60000)
  --retry-base-ms N     first retry delay of a failed task (default 30000)
  --pool-max N          database connections this process may hold (MariaDB/MySQL; default 10): at most N
                        requests with a body are handled at once (more wait, see --queue-max);
                        keep processes × N under the server's max_connections
  --pool-acquire-ms N   how long a query waits for a free connection before failing (default 60000)
  --queue-max N         requests with a body that may wait for one of the N places, first come first
                        served (default 4 × --pool-max); one more is answered 503 with Retry-After at once
  --queue-wait-ms N     how long a request waits for a place before 503 with Retry-After (default 10000)
  --drain-ms N          on SIGTERM, how long requests in flight may take to finish before they are cut (default 30000)
  --no-night-plan       do not plan the nights at 02:00 UTC here (when another process or cron does)
  --log-level L         fatal|error|warn|info|debug (default info); JSON lines on stdout`;

/** A server process answers many connectors at once: more than the library's default of 4 connections. */
const DEFAULT_POOL_MAX = 10;

export async function run(args: string[]): Promise<number> {
  const values = parseCommandLine(
    args,
    {
      database: { type: 'string' },
      port: { type: 'string', default: '7420' },
      host: { type: 'string', default: '127.0.0.1' },
      'allowed-host': { type: 'string', multiple: true },
      'lease-ms': { type: 'string' },
      'retry-base-ms': { type: 'string' },
      'pool-max': { type: 'string' },
      'pool-acquire-ms': { type: 'string' },
      'queue-max': { type: 'string' },
      'queue-wait-ms': { type: 'string' },
      'drain-ms': { type: 'string' },
      'no-night-plan': { type: 'boolean', default: false },
      'log-level': { type: 'string', default: 'info' },
    },
    USAGE,
  );
  if (typeof values === 'number') return values;
  const numbers: Record<string, number | undefined> = {};
  for (const name of ['port', 'lease-ms', 'retry-base-ms', 'pool-max', 'pool-acquire-ms', 'queue-max', 'queue-wait-ms', 'drain-ms'] as const) {
    const text = values[name];
    if (text === undefined) continue;
    const value = Number(text);
    if (!Number.isInteger(value) || value < (name === 'pool-max' ? 1 : 0)) {
      process.stderr.write(`ledgersync platform serve: --${name} must be a whole number, not ${JSON.stringify(text)}\n`);
      return 2;
    }
    numbers[name] = value;
  }
  const database = values.database ?? process.env.LEDGERSYNC_PLATFORM_DATABASE ?? 'sqlite:ledgersync-platform.db';
  const log = pino({ level: values['log-level'], base: { service: 'ledgersync-platform', pid: process.pid } });

  let platform: Platform | undefined;
  let server: PlatformServer | undefined;
  try {
    platform = await openPlatformDatabase(database, { create: true, platform: { leaseMs: numbers['lease-ms'], retryBaseMs: numbers['retry-base-ms'], pool: { max: numbers['pool-max'] ?? DEFAULT_POOL_MAX, acquireTimeoutMs: numbers['pool-acquire-ms'] } } });
    // one request with a body holds one connection: as many at once as the pool has, a bounded queue
    // waits for a place, beyond it 503 with Retry-After (connectors back off and retry)
    server = await startPlatformServer(platform, { maxConcurrentBodies: numbers['pool-max'] ?? DEFAULT_POOL_MAX, maxQueuedBodies: numbers['queue-max'], maxQueueWaitMs: numbers['queue-wait-ms'], port: numbers.port, host: values.host, allowedHosts: values['allowed-host'], logger: { level: values['log-level'] === 'debug' ? 'info' : 'warn', stream: process.stdout } });
  } catch (error) {
    log.fatal({ code: (error as { code?: string }).code, database: redactUrl(database) }, (error as Error).message);
    await platform?.close();
    return 1;
  }
  const scheduler = values['no-night-plan'] ? undefined : new NightScheduler(platform, {
    onPlanned: (day, tasks) => log.info({ day, tasks: tasks.length }, 'night planned'),
    onError: (day, error) => log.error({ day, code: (error as { code?: string }).code }, (error as Error).message),
  });
  scheduler?.start();
  log.info({ url: server.url, database: redactUrl(database) }, 'listening');

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  log.info({ signal }, 'stopping');
  scheduler?.stop();
  // drain first: a page in flight must reach its commit before the pool it uses is closed
  await server.close({ drainMs: numbers['drain-ms'] ?? 30_000 });
  await platform.close();
  log.info('stopped');
  return 0;
}
