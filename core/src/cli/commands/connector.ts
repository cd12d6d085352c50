/**
 * `ledgersync connector run --config connector.json` — the office's connector as a long-running
 * service (SIGHUP reloads the configuration, SIGTERM/SIGINT stop it cleanly); `ledgersync connector
 * status --config connector.json` — what the running service is doing, from the status file it
 * writes into its state folder.
 */
import { stateFolderOf } from '../../service/config';
import { ConnectorService } from '../../service/connector-service';
import { isRunning, readStatus } from '../../service/status-file';
import { TaskProgress } from '../../service/task-progress';
import { parseCommandLine } from '../command-line';
import { progressFor } from '../progress';

const USAGE = `usage: ledgersync connector run|status --config connector.json [--json]
  run      start the connector service: polls the platform, syncs, logs JSON lines on stdout;
           each task's pages on stderr (a progress bar on a terminal, a line per task otherwise)
           SIGHUP reloads the configuration; SIGTERM stops it (the running task given back behind its last page)
  status   what the service is doing (its status file in the state folder)
  --config the configuration file (default connector.json); see docs/deploy.md`;

export async function run(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (action !== 'run' && action !== 'status') {
    process.stderr.write(action === undefined ? `${USAGE}\n` : `ledgersync connector: unknown action ${action}\n${USAGE}\n`);
    return 2;
  }
  const values = parseCommandLine(rest, { config: { type: 'string', default: 'connector.json' }, json: { type: 'boolean', default: false } }, USAGE);
  if (typeof values === 'number') return values;
  return action === 'run' ? runService(values.config!) : status(values.config!, values.json ?? false);
}

async function runService(configFile: string): Promise<number> {
  let service: ConnectorService;
  try {
    // progress on stderr (a bar on a terminal, plain lines otherwise): stdout carries the JSON logs
    service = new ConnectorService(configFile, undefined, new TaskProgress(progressFor(process.stderr)));
  } catch (error) {
    process.stderr.write(`ledgersync connector run: ${(error as Error).message}\n`);
    return 2;
  }
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  // reloads one after the other: a second SIGHUP during a reload waits for it
  let reloading = Promise.resolve();
  const onHangup = () => {
    reloading = reloading.then(() => service.reload().then(() => undefined)).catch((error: unknown) => service.log.error({ code: (error as { code?: string }).code }, `reload failed: ${(error as Error).message}`));
  };
  process.on('SIGHUP', onHangup);
  let startError: unknown;
  const starting = service.start().catch((error: unknown) => {
    startError = error;
  });
  await Promise.race([starting, stopped]);
  if (startError !== undefined) {
    service.log.fatal({ code: (startError as { code?: string }).code }, (startError as Error).message);
    await service.stop().catch(() => undefined);
    return 1;
  }
  // a signal while starting (the platform unreachable at boot) stops the start too
  const signal = await stopped;
  service.log.info({ signal }, 'stopping');
  process.off('SIGHUP', onHangup);
  await reloading;
  await service.stop();
  await starting;
  return 0;
}

async function status(configFile: string, json: boolean): Promise<number> {
  let folder: string;
  try {
    folder = stateFolderOf(configFile);
  } catch (error) {
    process.stderr.write(`ledgersync connector status: ${(error as Error).message}\n`);
    return 2;
  }
  const current = readStatus(folder);
  if (!current) {
    process.stdout.write(json ? 'null\n' : `no status in ${folder}: the service has not run with this configuration\n`);
    return 3;
  }
  const alive = current.state !== 'stopped' && isRunning(current.pid);
  const shown = { ...current, running: alive, state: alive || current.state === 'stopped' ? current.state : 'not running (ended without stopping)' };
  if (json) {
    process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
  } else {
    const lines = [
      `connector ${current.connectorId} (pid ${current.pid}): ${shown.state} since ${current.since}, updated ${current.updatedAt}`,
      `platform  ${current.platformUrl}`,
      `dossiers  ${current.dossiers.join(', ') || '-'}`,
    ];
    if (current.task) lines.push(`task      #${current.task.id} ${current.task.kind} ${current.task.dossierId}: ${current.task.pages} page(s), ${current.task.operations} change(s) sent`);
    if (current.lastTask) lines.push(`last task #${current.lastTask.id} ${current.lastTask.dossierId} ${current.lastTask.state} at ${current.lastTask.at}${current.lastTask.outcome ? ` — ${current.lastTask.outcome}` : ''}${current.lastTask.error ? ` — ${current.lastTask.error}` : ''}`);
    if (current.lastPollError) lines.push(`last poll error at ${current.lastPollError.at}: ${current.lastPollError.code} ${current.lastPollError.message}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return alive ? 0 : 1;
}
