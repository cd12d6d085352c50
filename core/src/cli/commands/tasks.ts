/**
 * `ledgersync tasks [--platform URL | --database URL] [--dossier ID] [--state S] [--kind K] [--json]`:
 * the monitoring tab's task list in a terminal, read from a running platform over HTTP (with an
 * accountant's API token in LEDGERSYNC_PLATFORM_TOKEN) or straight from its database.
 */
import { taskFilter, TaskView, tasksText } from '../../platform';
import { parseCommandLine } from '../command-line';
import { openPlatformDatabase } from '../platform-database';

const USAGE = 'usage: ledgersync tasks [--platform URL | --database URL] [--dossier ID] [--state queued|claimed|running|succeeded|failed|cancelled] [--kind full|incremental|proposal] [--json]\n  over HTTP: an accountant API token in LEDGERSYNC_PLATFORM_TOKEN (ledgersync platform accountants token <user>)';

export async function run(args: string[]): Promise<number> {
  const values = parseCommandLine(
    args,
    {
      platform: { type: 'string' },
      database: { type: 'string' },
      dossier: { type: 'string' },
      state: { type: 'string' },
      kind: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    USAGE,
  );
  if (typeof values === 'number') return values;
  const query = new URLSearchParams();
  if (values.dossier) query.set('dossier', values.dossier);
  if (values.state) query.set('state', values.state);
  if (values.kind) query.set('kind', values.kind);
  try {
    const tasks = values.database ? await fromDatabase(values.database, query) : await fromPlatform(values.platform ?? process.env.LEDGERSYNC_PLATFORM_URL ?? 'http://127.0.0.1:7420', query);
    process.stdout.write(values.json ? `${JSON.stringify(tasks, null, 2)}\n` : `${tasksText(tasks)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`ledgersync tasks: ${(error as Error).message}\n`);
    return 1;
  }
}

async function fromPlatform(url: string, query: URLSearchParams): Promise<TaskView[]> {
  let response: Response;
  try {
    // the token from the environment, not an option: an option would show in the process list
    const token = process.env.LEDGERSYNC_PLATFORM_TOKEN;
    response = await fetch(new URL(`/api/tasks?${query}`, url), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch (error) {
    throw new Error(`cannot reach the platform at ${url} (${(error as Error).message}); pass --platform or --database`);
  }
  const body = (await response.json()) as TaskView[] | { error: { message: string } };
  if (!response.ok) {
    throw new Error((body as { error: { message: string } }).error.message);
  }
  return body as TaskView[];
}

async function fromDatabase(url: string, query: URLSearchParams): Promise<TaskView[]> {
  const filter = taskFilter(query);
  const platform = await openPlatformDatabase(url);
  try {
    return await platform.tasks.list(filter);
  } finally {
    await platform.close();
  }
}
