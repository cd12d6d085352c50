import { expect } from 'chai';
import { emptySourceState, ENTITIES, generateRecordedLedger, readRecordedLedgerFile, RecordedLedger, replay, truthOf, validState } from '@ledgersync/sdk';
import { createErpnextAdapter, ErpnextFixtureDriver } from '../src';
import { bakery, collect, LEDGER_FILES, stateOf, withSite } from './fixtures';

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

  it('turns DECIMAL debit and credit into integer cents exactly (sub-cent digits half away from zero), and dates a row without fiscal year', () =>
    withSite(bakery(), async (site) => {
      // 0.29 * 100 is 28.999999999999996 in floating point; 1234567.895 has a third decimal
      await site.driver.db.raw("UPDATE `tabGL Entry` SET debit = 0.29, credit = 0 WHERE voucher_no = 'VK-2025-0001' AND idx = 1");
      await site.driver.db.raw("UPDATE `tabGL Entry` SET debit = 0, credit = 1234567.895 WHERE voucher_no = 'VK-2025-0001' AND idx = 2");
      await site.driver.db.raw("UPDATE `tabGL Entry` SET debit = 90071992547.41, credit = 0 WHERE voucher_no = 'VK-2025-0001' AND idx = 3");
      // an old row without its fiscal year: the one whose dates hold the posting date
      await site.driver.db.raw("UPDATE `tabGL Entry` SET fiscal_year = NULL WHERE voucher_no = 'VK-2025-0001'");
      const entry = (await collect(site.adapter.read(site.dossier, 'entry'))).find((r) => r.id === 'VK-2025-0001')!.record;
      expect(entry.lines.map((l) => l.amount)).to.deep.equal([29, -123456790, 9007199254741]);
      expect(entry.fiscalYearId).to.equal('2025');
    }));

  it('a generated ledger (closed years, silent corrections, hard deletes, partial settlements) reads back step by step', () =>
    expectRoundTrip(generateRecordedLedger({ seed: 11, entries: 120, steps: 4, fiscalYears: 2 })));
});
