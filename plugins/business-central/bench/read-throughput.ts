/**
 * What the adapter itself costs per G/L line, without SQL Server: knex's real mssql client with
 * its wire replaced by generated pages (rows shaped as tedious delivers them), read through
 * `read(entry)` to the end. Prints lines per second and the peak heap, which must stay flat as
 * the ledger grows (keyset pages: one page in memory).
 *
 *   npx tsc -b plugins/business-central && node plugins/business-central/dist/bench/read-throughput.js [lines]
 */
import { BusinessCentralAdapter, ChangeTrackingLog, entryIdOf, parseConfiguration } from '../src';
import { rowversion } from '../test/helpers';
import { scriptedSqlServer } from '../test/scripted-sql-server';

const LINES_PER_ENTRY = 3;
const PAGE = 1000;

function entryId(n: number): string {
  return entryIdOf(n, `D${n}`, '2025-03-14');
}

/** One page of entries behind transaction `after` (pages are cut on Transaction No_, see src/sql/keyed-listing.ts). */
function page(after: number | undefined, entries: number): Record<string, unknown>[] {
  const first = after === undefined ? 0 : after + 1;
  const rows: Record<string, unknown>[] = [];
  for (let n = first; n < Math.min(first + PAGE, entries); n++) {
    for (let line = 0; line < LINES_PER_ENTRY; line++) {
      rows.push({
        id: entryId(n), k: n, ts: rowversion(n * 3 + line), seq: n * 3 + line, journal_id: 'GENERAL', number: `D${n}`, posting_date: '2025-03-14', closing: 0,
        currency_code: '', currency_cents: '0',
        period_id: '2025-03-01', fiscal_year_id: '2025-01-01', account_id: ['2310', '6110', '5610'][line], amount_cents: ['1210', '-1000', '-210'][line],
        description: 'Invoice', vat_code: line === 1 ? 'VAT21' : '', counterparty_id: 'C:10000', fp_hi: String(n * 7919 % 4294967296), fp_lo: String(line), record_ts: rowversion(n * 3 + 2),
      });
    }
  }
  return rows;
}

async function main(): Promise<void> {
  const lines = Number(process.argv[2] ?? 1_000_000);
  const entries = Math.ceil(lines / LINES_PER_ENTRY);
  const server = scriptedSqlServer((sql, bindings) => {
    if (sql.includes('Company Information]')) return [{ name: 'Bench', vat: '', country: 'BE', currency: 'EUR' }];
    const after = sql.includes('where t.[Transaction No_] > @p1') ? Number(bindings[1]) : undefined;
    return page(after, entries);
  });
  const config = parseConfiguration({ server: 'bench', database: 'bench', user: 'bench', password: 'bench', company: 'BENCH', pageSize: PAGE });
  const adapter = new BusinessCentralAdapter(server.db, config, new ChangeTrackingLog([]));
  let read = 0;
  let peakHeap = 0;
  const started = process.hrtime.bigint();
  for await (const record of adapter.read('BENCH', 'entry')) {
    read += record.record.lines.length;
    if (read % (PAGE * LINES_PER_ENTRY) === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await adapter.close();
  console.log(`business-central read(entry), scripted pages of ${PAGE} entries × ${LINES_PER_ENTRY} lines`);
  console.log(`  lines read      ${read.toLocaleString('en')}`);
  console.log(`  statements      ${server.statements.length.toLocaleString('en')}`);
  console.log(`  seconds         ${seconds.toFixed(2)}`);
  console.log(`  lines / second  ${Math.round(read / seconds).toLocaleString('en')}`);
  console.log(`  peak heap (MB)  ${(peakHeap / 2 ** 20).toFixed(1)}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
