import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { generateRecordedLedger, replay } from '@ledgersync/sdk';
import knex from 'knex';
import { testMysqlUrl } from '../../src/database';
import { Platform } from '../../src/platform';
import { freePort } from '../platform/free-port';
import { percentile, SimConnector, SimStats } from '../platform/sim-connector';
import { BenchCheck, BenchContext, BenchResult, BenchRow, BenchSection } from '../section';

/**
 * Issue 18's load test: simulated connectors on loopback against 1, 2 and 4 `platform serve`
 * processes over one MariaDB. Each run queues a full sync of every dossier and measures claims/s,
 * pages/s and page latency; in the runs with two processes or more, one process is SIGKILLed when
 * 40 % of the pages are in. At the end every changeset must hold each of its pages exactly once.
 * The simulated connectors are async clients in this one process (a connector's wire costs a few
 * fetches; hundreds of OS processes would measure the scheduler, not the platform).
 * Sizes: LEDGERSYNC_BENCH_CONNECTORS, _DOSSIERS per connector, _PAGES per task, _POOL (each
 * process's --pool-max); defaults {@link DEFAULT_SIZES}, or {@link BIG_SIZES} with `--big`.
 */
const PROCESSES = [1, 2, 4];
/** `npm run bench`: a minute or two on this machine. */
const DEFAULT_SIZES = { connectors: 40, dossiers: 12, pages: 1, pool: 10 };
/** `--big`: issue 18's "hundreds of connectors, each with dozens of dossiers". */
const BIG_SIZES = { connectors: 200, dossiers: 24, pages: 1, pool: 10 };
type Sizes = typeof DEFAULT_SIZES;
const CLI = join(__dirname, '..', '..', 'src', 'cli', 'main.js');

function sized(name: string, fallback: number): number {
  const value = Number(process.env[`LEDGERSYNC_BENCH_${name}`]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

function serve(url: string, port: number, pool: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'platform', 'serve', '--database', url, '--port', String(port), '--pool-max', String(pool), '--lease-ms', '10000', '--retry-base-ms', '200', '--no-night-plan', '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((done, fail) => {
    const timer = setInterval(async () => {
      if (child.exitCode !== null) {
        clearInterval(timer);
        fail(new Error(`platform serve ended: ${output}`));
        return;
      }
      try {
        await fetch(`http://127.0.0.1:${port}/api/monitoring`);
        clearInterval(timer);
        done(child);
      } catch {
        // not listening yet
      }
    }, 100);
  });
}

interface RunFigures {
  processes: number;
  seconds: number;
  stats: SimStats;
  lost: number;
  appliedTwice: number;
  killed: boolean;
  /** Tasks out of attempts: their pages may all be in, but the platform never heard the task end. */
  failed: number;
}

async function runOnce(processes: number, context: BenchContext, sizes: Sizes, accounts: unknown[]): Promise<RunFigures> {
  const name = `ls_bench_${randomBytes(5).toString('hex')}`;
  const admin = knex({ client: 'mysql2', connection: testMysqlUrl() });
  await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  const url = testMysqlUrl(name);
  const children: ChildProcess[] = [];
  const platform = await Platform.open({ client: 'mysql', url });
  try {
    const ports = await Promise.all(Array.from({ length: processes }, () => freePort()));
    children.push(...(await Promise.all(ports.map((port) => serve(url, port, sizes.pool)))));
    const urls = ports.map((port) => `http://127.0.0.1:${port}`);
    const stats: SimStats = { claims: 0, pages: 0, latencies: [], appliedAcks: 0, failovers: 0, busy: 0, errors: [] };
    const connectors: SimConnector[] = [];
    const allDossiers: string[] = [];
    for (let c = 0; c < sizes.connectors; c++) {
      const connectorId = `office-${c}`;
      const dossiers = Array.from({ length: sizes.dossiers }, (_, d) => `BE${String(c * 1000 + d).padStart(10, '0')}`);
      allDossiers.push(...dossiers);
      const credential = await platform.connectors.issue(connectorId);
      await platform.connectors.assign(connectorId, dossiers);
      const page = (_dossierId: string, sequence: number) => accounts.slice(((sequence - 1) * 10) % accounts.length, ((sequence - 1) * 10) % accounts.length + 10).map((record) => ({ op: 'upsert', entity: 'account', id: (record as { id: string }).id, record, digest: `d${sequence}` }));
      connectors.push(new SimConnector(connectorId, credential, dossiers, urls, page, sizes.pages, stats, c));
    }
    await Promise.all(connectors.map((c) => c.register()));
    // queued in bulk: one request per dossier would take longer than the run on thousands of dossiers
    for (let i = 0; i < allDossiers.length; i += 200) await Promise.all(allDossiers.slice(i, i + 200).map((dossierId) => platform.requestManualSync(dossierId, 'full')));
    const total = allDossiers.length * sizes.pages;
    context.log(`${processes} process(es): ${sizes.connectors} connectors, ${allDossiers.length} dossiers, ${total} pages`);

    let finished = false;
    const watcher = (async () => {
      while (!finished) {
        // a busy database may time a query out: ask again rather than end the run
        const open = await platform.db('pf_tasks').whereNotIn('state', ['succeeded', 'failed']).count({ open: '*' }).then(([row]) => Number(row.open), () => -1);
        if (open === 0) finished = true;
        else await new Promise((r) => setTimeout(r, 200));
      }
    })();
    let killed = false;
    const killer = setInterval(() => {
      if (processes > 1 && !killed && stats.pages >= total * 0.4) {
        killed = true;
        children[processes - 1].kill('SIGKILL');
        context.log(`${processes} process(es): SIGKILLed one at ${stats.pages} pages`);
      }
    }, 20);
    const started = performance.now();
    await Promise.all(connectors.map((c) => c.run(() => finished)));
    await watcher;
    const seconds = (performance.now() - started) / 1000;
    clearInterval(killer);

    const rows: { changeset_id: string; n: number }[] = await platform.db('pf_applied_pages').groupBy('changeset_id').select('changeset_id').count({ n: '*' });
    const appliedRows = rows.reduce((sum, row) => sum + Number(row.n), 0);
    const distinct = await platform.db('pf_applied_pages').countDistinct({ n: ['changeset_id', 'sequence'] });
    const held = Number(distinct[0].n);
    // every task's changeset whole on the platform; an ack lost with a killed process shows as applied:false on the retry, so
    // more applied acks than distinct pages (or more rows than distinct pages) is the only sign of a page applied twice
    const lost = total - held;
    const failed = Number((await platform.db('pf_tasks').where({ state: 'failed' }).count({ n: '*' }))[0].n);
    if (stats.errors.length > 0) context.log(`${processes} process(es): ${stats.errors.length} task(s) given up and retried, first: ${stats.errors[0]}`);
    const appliedTwice = Math.max(0, stats.appliedAcks - held) + (appliedRows - held);
    return { processes, seconds, stats, lost, appliedTwice, killed, failed };
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode !== null || child.signalCode !== null ? undefined : new Promise((r) => child.once('exit', r)))));
    await platform.close();
    await admin.raw(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.destroy();
  }
}

export const section: BenchSection = {
  name: 'platform',
  async run(context: BenchContext): Promise<BenchResult> {
    const base = context.big ? BIG_SIZES : DEFAULT_SIZES;
    const sizes: Sizes = { connectors: sized('CONNECTORS', base.connectors), dossiers: sized('DOSSIERS', base.dossiers), pages: sized('PAGES', base.pages), pool: sized('POOL', base.pool) };
    const accounts = [...[...replay(generateRecordedLedger({ seed: context.seed, entries: 200, steps: 1 }))][0].source.account.values()].map((held) => held.record);
    const runs: RunFigures[] = [];
    for (const processes of PROCESSES) runs.push(await runOnce(processes, context, sizes, accounts));
    const rows: BenchRow[] = runs.map((run) => ({
      label: `${run.processes} platform process${run.processes === 1 ? '' : 'es'}${run.killed ? ' (one SIGKILLed)' : ''}`,
      figures: {
        'claims/s': Math.round(run.stats.claims / run.seconds),
        'pages/s': Math.round(run.stats.pages / run.seconds),
        'p50 ms': Math.round(percentile(run.stats.latencies, 50)),
        'p99 ms': Math.round(percentile(run.stats.latencies, 99)),
        seconds: Number(run.seconds.toFixed(1)),
        failovers: run.stats.failovers,
        '503s': run.stats.busy,
        'failed tasks': run.failed,
        lost: run.lost,
        'applied twice': run.appliedTwice,
      },
    }));
    const lost = runs.reduce((n, run) => n + run.lost, 0);
    const twice = runs.reduce((n, run) => n + run.appliedTwice, 0);
    const rate1 = runs[0].stats.pages / runs[0].seconds;
    const checks: BenchCheck[] = [
      { name: 'pages lost', value: lost, limit: 0 },
      { name: 'pages applied twice', value: twice, limit: 0 },
      { name: 'tasks failed', value: runs.reduce((n, run) => n + run.failed, 0), limit: 0 },
    ];
    process.stdout.write(`lost ${lost} / applied twice ${twice}\n`);
    return {
      rows,
      checks,
      notes: [
        `scaling (pages/s against 1 process): ${runs.map((run) => `${run.processes}: ${(run.stats.pages / run.seconds / rate1).toFixed(2)}×`).join(', ')}`,
        `${sizes.connectors} simulated connectors × ${sizes.dossiers} dossiers × ${sizes.pages} pages of 10 account upserts, --pool-max ${sizes.pool} per process; connectors, platforms and MariaDB share this machine's ${cpus().length} cores, so more processes cannot mean more throughput here: the figures show that processes can be added and one killed without losing or doubling a page, not how far a real deployment scales`,
      ],
    };
  },
};
