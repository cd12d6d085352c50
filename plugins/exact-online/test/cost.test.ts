import { expect } from 'chai';
import { ENTITIES, readRecordedLedgerFile } from '@ledgersync/sdk';
import { createExactOnlineAdapter } from '../src';
import { ExactOnlineFixtureDriver } from '../src/fixture';
import { collect, LEDGERS, services } from './support';

/** Work done at Exact: calls, and rows its responses carried (the token endpoint is a call with no rows). */
export class SourceWork {
  calls = 0;
  rows = 0;

  get total(): number {
    return this.calls + this.rows;
  }

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    this.calls += 1;
    const response = await fetch(input, init);
    const body = (await response.clone().json().catch(() => undefined)) as { d?: { results?: unknown[] } | unknown[] } | undefined;
    const d = body?.d;
    this.rows += Array.isArray(d) ? d.length : Array.isArray(d?.results) ? d.results.length : 0;
    return response;
  };
}

/**
 * What a night costs at Exact against a full read, measured on the public ledgers' cassettes: an
 * empty night (nothing changed since the last sync) does what the engine does for each entity —
 * a `since` read from the watermark and, for deletes and silent changes, a key listing — and must
 * cost no more rows and calls than reading the division whole.
 */
describe('exact-online: an empty night costs less than a full read', () => {
  for (const path of LEDGERS) {
    const ledger = readRecordedLedgerFile(path);
    it(`${ledger.name}`, async () => {
      const driver = new ExactOnlineFixtureDriver();
      const configuration = await driver.setUp(ledger);
      try {
        const replayed = (await import('@ledgersync/sdk')).replay(ledger);
        const steps = [...replayed];
        const last = steps.length - 1;
        await driver.materialise({ step: last, dossier: ledger.dossier, clock: steps[last].marker, source: steps[last].source, deleted: [] });
        const full = new SourceWork();
        const fullAdapter = createExactOnlineAdapter(configuration, { ...services(), http: { fetch: full.fetch } });
        const watermarks = new Map<string, string>();
        for (const entity of ENTITIES) {
          const rows = await collect(fullAdapter.read(ledger.dossier.id, entity));
          watermarks.set(entity, rows.map((r) => r.marker).sort().pop() ?? '0'.padStart(20, '0'));
        }
        const night = new SourceWork();
        const nightAdapter = createExactOnlineAdapter(configuration, { ...services(), http: { fetch: night.fetch } });
        for (const entity of ENTITIES) {
          await collect(nightAdapter.read(ledger.dossier.id, entity, { since: watermarks.get(entity) }));
          await collect(nightAdapter.keys!(ledger.dossier.id, entity));
        }
        console.log(`      ${ledger.name}: full read ${full.rows} rows + ${full.calls} calls = ${full.total}; empty night ${night.rows} rows + ${night.calls} calls = ${night.total}`);
        expect(night.total).to.be.at.most(full.total);
      } finally {
        await driver.tearDown();
      }
    });
  }
});
