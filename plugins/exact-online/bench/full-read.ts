import { ENTITIES, generateRecordedLedger, replay } from '@ledgersync/sdk';
import { createExactOnlineAdapter } from '../src';
import { ExactOnlineFixtureDriver } from '../src/fixture';

/**
 * What a sync costs against Exact Online, where calls are the scarce resource (60 a minute, 5,000
 * a day): HTTP calls, time and heap of a full read of every entity, then of an incremental
 * (`since`) read after one night, through the nock fixture. Shaped like a `npm run bench` section
 * (`name`, `run(context)`); `node plugins/exact-online/dist/bench/full-read.js [entries…]` runs it alone.
 */
interface Row {
  label: string;
  figures: Record<string, number | string>;
}

/** Entries per dossier measured (the generator holds a ledger in memory: some thousands at most). */
const DEFAULT_SIZES = [450, 3000];

export const section = {
  name: 'exact-online',
  async run(context: { seed?: number; log?(message: string): void } = {}, sizes = DEFAULT_SIZES): Promise<{ rows: Row[]; notes: string[] }> {
    const rows: Row[] = [];
    for (const entries of sizes) {
      context.log?.(`exact-online: ${entries} entries`);
      rows.push(...(await measure(entries, context.seed ?? 3)));
    }
    return { rows, notes: ['through the nock fixture in this process: network latency of a real division not included', 'calls include the one token refresh'] };
  },
};

async function measure(entries: number, seed: number): Promise<Row[]> {
  const ledger = generateRecordedLedger({ seed, entries, steps: 2 });
  const [night0, night1] = [...replay(ledger)];
  const driver = new ExactOnlineFixtureDriver();
  let calls = 0;
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  const adapter = createExactOnlineAdapter(await driver.setUp(ledger), { http: { fetch: (input, init) => ((calls += 1), fetch(input, init)) }, clock: { now: () => new Date() }, logger: quiet });
  const lines = [...night1.source.entry.values()].reduce((n, held) => n + (held.record as { lines: unknown[] }).lines.length, 0);
  try {
    await driver.materialise({ step: 0, dossier: ledger.dossier, clock: night0.marker, source: night0.source, deleted: night0.deleted });
    const watermarks: Record<string, string> = {};
    const full = await timed(async () => {
      for (const entity of ENTITIES) for await (const record of adapter.read(ledger.dossier.id, entity)) if ((watermarks[entity] ?? '') < record.marker) watermarks[entity] = record.marker;
    });
    const fullCalls = calls;
    await driver.materialise({ step: 1, dossier: ledger.dossier, clock: night1.marker, source: night1.source, deleted: night1.deleted });
    let changed = 0;
    const incremental = await timed(async () => {
      for (const entity of ENTITIES) for await (const _record of adapter.read(ledger.dossier.id, entity, { since: watermarks[entity] })) changed += 1;
    });
    return [
      { label: `full read, ${entries} entries`, figures: { lines, calls: fullCalls, ms: full.ms, heapMb: full.heapMb } },
      { label: `since read after a night, ${entries} entries`, figures: { records: changed, calls: calls - fullCalls, ms: incremental.ms, heapMb: incremental.heapMb } },
    ];
  } finally {
    await driver.tearDown();
  }
}

async function timed(run: () => Promise<void>): Promise<{ ms: number; heapMb: number }> {
  const start = process.hrtime.bigint();
  await run();
  return { ms: Math.round(Number(process.hrtime.bigint() - start) / 1e6), heapMb: Math.round(process.memoryUsage().heapUsed / 1e6) };
}

if (require.main === module) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  section
    .run({ log: (message) => process.stderr.write(`${message}\n`) }, sizes.length > 0 ? sizes : DEFAULT_SIZES)
    .then(({ rows, notes }) => {
      for (const row of rows) process.stdout.write(`${row.label.padEnd(40)} ${Object.entries(row.figures).map(([k, v]) => `${k}=${v}`).join('  ')}\n`);
      for (const note of notes) process.stdout.write(`note: ${note}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exitCode = 1;
    });
}
