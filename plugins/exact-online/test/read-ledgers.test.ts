import { expect } from 'chai';
import { ENTITIES, EntityName, readRecordedLedgerFile, replay, ReplayedStep } from '@ledgersync/sdk';
import { createExactOnlineAdapter } from '../src';
import { ExactOnlineFixtureDriver, holdInExact } from '../src/fixture';
import { collect, LEDGERS, services } from './support';

/**
 * What the adapter must read at each step: the replay's source records as the source holds them
 * (not only the valid ones: an adapter passes bad data on, the engine quarantines it). Matchings
 * as Exact holds them: one per EndDate, rebuilt from settled items (the declared loss).
 */
function expectedRecords(replayed: ReplayedStep, entity: EntityName): [string, unknown][] {
  const source = entity === 'matching' ? holdInExact(replayed.source, replayed.index) : replayed.source;
  return [...source[entity]].map(([id, held]): [string, unknown] => [id, held.record]).sort(([a], [b]) => (a < b ? -1 : 1));
}

describe('exact-online: reading the public ledgers through the nock fixture driver', () => {
  for (const file of LEDGERS) {
    const ledger = readRecordedLedgerFile(file);

    it(`${ledger.name}: reads every entity at every step as the replay holds it`, async () => {
      const driver = new ExactOnlineFixtureDriver();
      const adapter = createExactOnlineAdapter(await driver.setUp(ledger), services());
      try {
        for (const replayed of replay(ledger)) {
          await driver.materialise({ step: replayed.index, dossier: ledger.dossier, clock: replayed.marker, source: replayed.source, deleted: replayed.deleted });
          for (const entity of ENTITIES) {
            const rows = await collect(adapter.read(ledger.dossier.id, entity));
            expect(rows.map((r) => [r.id, r.record]), `${entity} at step ${replayed.index}`).to.deep.equal(expectedRecords(replayed, entity));
            expect(rows.map((r) => r.id), `${entity} listed in id order`).to.deep.equal(rows.map((r) => r.id).sort());
          }
          const [dossier] = await collect(adapter.listDossiers());
          expect(dossier).to.include({ id: ledger.dossier.id, name: ledger.dossier.name, currency: ledger.dossier.currency });
        }
      } finally {
        await driver.tearDown();
        await adapter.close();
      }
    });
  }
});
