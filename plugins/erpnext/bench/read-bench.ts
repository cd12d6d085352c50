/**
 * Figures of the ERPNext adapter on this machine's MariaDB: a generated dossier written as an
 * ERPNext site, then full read, incremental read, keys, digests and probe, timed, with the
 * process's heap growth while streaming. Prints a table; asserts nothing.
 *
 *     node plugins/erpnext/dist/bench/read-bench.js [--entries 20000] [--page 500] [--keep]
 */
import { performance } from 'node:perf_hooks';
import { dossierRecords, dossierShape, emptySnapshot, EntityName } from '@ledgersync/sdk';
import { createErpnextAdapter, ErpnextFixtureDriver } from '../src';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T; heapMb: number }> {
  global.gc?.();
  const heap = process.memoryUsage().heapUsed;
  const start = performance.now();
  const value = await run();
  return { ms: Math.round(performance.now() - start), value, heapMb: Math.round(((process.memoryUsage().heapUsed - heap) / 2 ** 20) * 10) / 10 };
}

async function count(iterable: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of iterable) n++; // eslint-disable-line @typescript-eslint/no-unused-vars
  return n;
}

async function main(): Promise<void> {
  const entries = option('entries', 20000);
  const shape = dossierShape({ seed: 7, entries });
  const snapshot = emptySnapshot();
  const marker = '2025-01-01T00:00:00.000Z';
  let lines = 0;
  for (const { entity, record } of dossierRecords(shape)) {
    if (entity === 'entry') lines += record.lines.length;
    snapshot[entity as EntityName].set(record.id, { record, marker });
  }
  // the generator's periods and matchings follow its own calendar; ERPNext derives periods and holds two-item matchings only
  snapshot.period.clear();
  for (const [id, held] of snapshot.matching) if ((held.record as { items: unknown[] }).items.length !== 2) snapshot.matching.delete(id);
  const ledger = { format: 'ledgersync/recorded-ledger@1' as const, name: 'bench', dossier: shape.dossier, steps: [] };
  const driver = new ErpnextFixtureDriver({ logDeletions: false });
  const config = await driver.setUp(ledger);
  try {
    const write = await timed(() => driver.materialise({ step: 0, dossier: shape.dossier, clock: marker, source: snapshot, deleted: [] }));
    await driver.db.raw("UPDATE `tabGL Entry` SET modified = '2025-06-01 00:00:00' WHERE voucher_no IN (SELECT * FROM (SELECT voucher_no FROM `tabGL Entry` ORDER BY name LIMIT 300) x)");
    const adapter = await createErpnextAdapter({ ...config, pageSize: option('page', 500) });
    const id = shape.dossier.id;
    const rows: [string, { ms: number; value: number; heapMb: number }][] = [
      ['full read, entries', await timed(() => count(adapter.read(id, 'entry')))],
      ['full read, matchings', await timed(() => count(adapter.read(id, 'matching')))],
      ['incremental read, entries (vouchers with 300 GL rows re-stamped)', await timed(() => count(adapter.read(id, 'entry', { since: '2025-05-01T00:00:00Z' })))],
      ['keys, entries', await timed(() => count(adapter.keys!(id, 'entry')))],
      ['digests, entries, 8 bits', await timed(() => count(adapter.digests!(id, 'entry', { bits: 8 })))],
      ['digests, entries, 16 bits within one 8-bit bucket', await timed(() => count(adapter.digests!(id, 'entry', { bits: 16, within: { bits: 8, value: 0 } })))],
      ['probe', await timed(() => adapter.probe!(id).then(() => 1))],
    ];
    await adapter.close();
    console.log(`ERPNext adapter on MariaDB: ${entries} entries, ${lines} GL rows, ${snapshot.matching.size} matchings; fixture write ${write.ms} ms`);
    console.log('| operation | records | ms | records/s | heap growth MB |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const [label, r] of rows) console.log(`| ${label} | ${r.value} | ${r.ms} | ${Math.round((r.value * 1000) / Math.max(1, r.ms))} | ${r.heapMb} |`);
  } finally {
    if (process.argv.includes('--keep')) console.log(`kept database ${String(config.database)}`);
    else await driver.tearDown();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
