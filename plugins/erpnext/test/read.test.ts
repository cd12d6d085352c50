import { expect } from 'chai';
import { emptySourceState, ENTITIES, generateRecordedLedger, readRecordedLedgerFile, RecordedLedger, replay, truthOf, validState } from '@ledgersync/sdk';
import { createErpnextAdapter, ErpnextFixtureDriver } from '../src';
import { collect, LEDGER_FILES, stateOf } from './fixtures';

const sorted = (map: Map<string, unknown>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Materialises every step of `ledger` and reads every entity back: what the valid part must equal. */
async function expectRoundTrip(ledger: RecordedLedger): Promise<void> {
  const driver = new ErpnextFixtureDriver();
  const adapter = await createErpnextAdapter(await driver.setUp(ledger));
  try {
    for (const replayed of replay(ledger)) {
      await driver.materialise(stateOf(ledger, replayed));
      expect(await collect(adapter.listDossiers())).to.deep.equal([ledger.dossier]);
      const read = emptySourceState();
      for (const entity of ENTITIES) {
        for (const row of await collect(adapter.read(ledger.dossier.id, entity))) read[entity].set(row.id, row.record);
      }
      const ours = validState(ledger.dossier.id, read);
      const truth = truthOf(ledger, replayed);
      for (const entity of ENTITIES) {
        expect(sorted(ours.state[entity]), `${entity} after step ${replayed.index} (${replayed.step.label})`).to.deep.equal(sorted(truth.state[entity]));
      }
      expect(ours.rejected.map((e) => e.message)).to.deep.equal(truth.rejected.map((e) => e.message));
    }
  } finally {
    await adapter.close();
    await driver.tearDown();
  }
}

describe('erpnext adapter: reading recorded ledgers from MariaDB', function () {
  this.timeout(60000);
  for (const file of LEDGER_FILES) {
    const ledger = readRecordedLedgerFile(file);
    it(`${ledger.name}: every entity at every step reads back as the replay's valid records`, () => expectRoundTrip(ledger));
  }

  it('a generated ledger (closed years, silent corrections, hard deletes, partial settlements) reads back step by step', () =>
    expectRoundTrip(generateRecordedLedger({ seed: 11, entries: 120, steps: 4, fiscalYears: 2 })));
});
