/**
 * `ledgersync demo [--serve] [--isolated] [--log] [--port N] [--dir PATH] [--ledger file.json …]` — the main job
 * (`npm start`): a platform and a connector on the embedded default (SQLite, no server to
 * install), the public recorded ledgers played night by night, then the monitoring summary.
 */
import { join, resolve } from 'node:path';
import { readRecordedLedgerFile } from '@ledgersync/sdk';
import { progressFor } from '../progress';
import { runDemo } from '../../orchestration/demo/run-demo';
import { countsText, dossiersText, tasksText } from '../../platform';
import { parseCommandLine } from '../command-line';

const USAGE = 'usage: ledgersync demo [--serve] [--isolated] [--log] [--port N] [--dir PATH] [--ledger file.json …]\n  --log: the platform request log (JSON lines) on stderr\n  --dir: a new or empty folder, or one an earlier demo created (it is emptied); any other folder is refused';
/** The public ledgers of the conformance suite, found from this file's place in the repository. */
const PUBLIC_LEDGERS = join(__dirname, '..', '..', '..', '..', '..', 'conformance', 'ledgers');
const DEMO_LEDGERS = ['bakery-basic.json', 'closed-period-edit.json'];

export async function run(args: string[]): Promise<number> {
  const values = parseCommandLine(
    args,
    {
      serve: { type: 'boolean', default: false },
      isolated: { type: 'boolean', default: false },
      log: { type: 'boolean', default: false },
      port: { type: 'string' },
      dir: { type: 'string', default: '.ledgersync/demo' },
      ledger: { type: 'string', multiple: true },
    },
    USAGE,
  );
  if (typeof values === 'number') return values;
  // the public ledgers every adapter runs, by name: a ledger added to the folder (real-books-1.1) joins the demo when it joins that list
  const files = values.ledger?.length ? values.ledger : DEMO_LEDGERS.map((f) => join(PUBLIC_LEDGERS, f));
  const ledgers = files.map((file) => readRecordedLedgerFile(file));
  const directory = resolve(values.dir!);
  const out = process.stdout;
  const started = Date.now();
  out.write(`ledgersync demo — platform and connector on SQLite in ${directory}${values.isolated ? ', adapter isolated in the plugin host' : ''}\n`);
  out.write(`ledgers: ${ledgers.map((l) => `${l.name} (${l.dossier.name}, ${l.steps.length} steps)`).join(', ')}\n\n`);

  // a folder the demo did not create is refused before anything is deleted (DemoDirectoryError)
  const demo = await runDemo({ directory, ledgers, progress: progressFor(out), port: values.port ? Number(values.port) : undefined, isolated: values.isolated, log: values.log });
  try {
    out.write(`\nMonitoring summary (platform clock ${demo.summary.generatedAt}):\n`);
    out.write(`tasks: ${countsText(demo.summary)}\n\n`);
    out.write(`${dossiersText(demo.summary)}\n\n`);
    out.write(`${tasksText([...demo.summary.tasks].reverse())}\n\n`);
    for (const check of demo.checks) out.write(`${check.equal ? '✓' : '✗'} ${check.name} (${check.dossierId}): ${check.detail}\n`);
    out.write(`\nfinished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    out.write(`monitoring page: ${demo.server.url}/monitoring${values.serve ? ` (log in as ${demo.login.userId}, password ${demo.login.password}: made up for this run)` : ' (pass --serve to keep it open)'}\n`);
    out.write(`tasks in a terminal: ledgersync tasks --database sqlite:${join(directory, 'platform.db')}\n`);
    if (values.serve) {
      out.write('serving; Ctrl-C to stop\n');
      await new Promise<void>((resolveStop) => process.once('SIGINT', () => resolveStop()));
    }
    return demo.checks.every((check) => check.equal) ? 0 : 1;
  } finally {
    await demo.close();
  }
}
