import { emptyLedgerState, LedgerState, openItemsInCurrency as sdkOpenItemsInCurrency, portalFigures, replay, truthOf, yearResults as sdkYearResults } from '@ledgersync/sdk';
import { expect } from 'chai';
import { Knex } from 'knex';
import { ChangesetSummary } from '../../src/changeset/types';
import { openItems, openItemsInCurrency, Platform, platformState, trialBalance, trialBalanceByPeriod, yearResults } from '../../src/platform';
import { eachDatabase } from './support/databases';
import { publicLedgers, realBooksLedger } from './support/ledgers';
import { canonicalStateOf, operationsBetween, pagesOf } from './support/state-diff';

for (const database of eachDatabase('platform')) {
  describe(`platform reference store on ${database.label}`, function () {
    this.timeout(30_000);
    let db: Knex;
    let platform: Platform;

    before(async () => {
      ({ db } = await database.open());
      platform = await Platform.on(db);
    });
    after(async () => {
      await db?.destroy();
      await database.drop();
    });

    for (const ledger of [...publicLedgers(), realBooksLedger()]) {
      it(`holds the source's records and figures after every step of ${ledger.name}`, async () => {
        await platform.dossiers.register({ ...ledger.dossier, connectorId: 'c1', adapterId: 'recorded-ledger', adapterVersion: '1.0.0' });
        let held: LedgerState = emptyLedgerState();
        for (const replayed of replay(ledger)) {
          const truth = truthOf(ledger, replayed).state;
          const changesetId = `${ledger.name}-${replayed.index}`;
          await platform.receiver.begin({ changesetId, dossierId: ledger.dossier.id, kind: 'full', startedAt: replayed.marker });
          const pages = pagesOf(operationsBetween(held, truth), 7);
          for (const [index, operations] of pages.entries()) {
            const ack = await platform.receiver.apply({ changesetId, dossierId: ledger.dossier.id, sequence: index + 1, operations });
            expect(ack.applied, `page ${index + 1} of step ${replayed.index}`).to.equal(true);
          }
          await platform.receiver.complete(summary(changesetId, ledger.dossier.id, pages.length));
          held = truth;

          const label = `${ledger.name} step ${replayed.index} (${replayed.step.label})`;
          expect(canonicalStateOf(await platformState(db, ledger.dossier.id)), label).to.deep.equal(canonicalStateOf(truth));
          const expected = portalFigures(truth);
          expect(await trialBalance(db, ledger.dossier.id), `trial balance, ${label}`).to.deep.equal(expected.trialBalance);
          expect(await openItems(db, ledger.dossier.id), `open items, ${label}`).to.deep.equal(expected.openItems);
          expect(sumPeriods(await trialBalanceByPeriod(db, ledger.dossier.id)), `periods add up, ${label}`).to.deep.equal(expected.trialBalance);
          const inCurrency = sdkOpenItemsInCurrency(truth.entry.values(), truth.matching.values(), truth.account, ledger.dossier.currency);
          expect(await openItemsInCurrency(db, ledger.dossier.id), `open items in currency, ${label}`).to.deep.equal(inCurrency);
          expect(await yearResults(db, ledger.dossier.id), `year results, ${label}`).to.deep.equal(sdkYearResults(truth.entry.values()));
        }
        const dossier = await platform.dossiers.get(ledger.dossier.id);
        expect(dossier.lastSync.full).to.be.a('string');
      });
    }

    it('applies a page seen twice only once, and resumes after the last applied page', async () => {
      const [ledger] = publicLedgers();
      const dossierId = `${ledger.dossier.id}-again`;
      await platform.dossiers.register({ ...ledger.dossier, id: dossierId, connectorId: 'c1', adapterId: 'recorded-ledger', adapterVersion: '1.0.0' });
      const truth = truthOf(ledger, [...replay(ledger)][0]).state;
      const pages = pagesOf(operationsBetween(emptyLedgerState(), truth), 10);
      const header = { changesetId: 'twice', dossierId, kind: 'full' as const, startedAt: '2025-02-01T02:00:00.000Z' };
      expect(await platform.receiver.begin(header)).to.deep.equal({ lastApplied: 0 });
      await platform.receiver.apply({ changesetId: 'twice', dossierId, sequence: 1, operations: pages[0] });
      await platform.receiver.apply({ changesetId: 'twice', dossierId, sequence: 2, operations: pages[1] });
      const before = canonicalStateOf(await platformState(db, dossierId));
      const again = await platform.receiver.apply({ changesetId: 'twice', dossierId, sequence: 2, operations: pages[1] });
      expect(again).to.deep.equal({ changesetId: 'twice', sequence: 2, applied: false });
      expect(canonicalStateOf(await platformState(db, dossierId))).to.deep.equal(before);
      expect(await platform.receiver.begin(header)).to.deep.equal({ lastApplied: 2 });
      const rows = await db('pf_applied_pages').where({ changeset_id: 'twice' }).count({ n: '*' });
      expect(Number(rows[0].n)).to.equal(2);
    });

    it('keeps ids that differ only in case apart, whatever the database collation', async () => {
      const dossierId = 'CASE';
      await platform.dossiers.register({ id: dossierId, name: 'Case', currency: 'EUR', connectorId: 'c1', adapterId: 'a', adapterVersion: '1.0.0' });
      const counterparty = (id: string, name: string) => ({ op: 'upsert' as const, entity: 'counterparty' as const, id, record: { id, type: 'customer' as const, name }, digest: id });
      await platform.receiver.begin({ changesetId: 'case', dossierId, kind: 'full', startedAt: '2025-01-01T00:00:00Z' });
      await platform.receiver.apply({ changesetId: 'case', dossierId, sequence: 1, operations: [counterparty('k1', 'lower'), counterparty('K1', 'upper')] });
      const held = await platformState(db, dossierId);
      expect([...held.counterparty.keys()].sort()).to.deep.equal(['K1', 'k1']);
      expect(held.counterparty.get('k1')?.name).to.equal('lower');
    });

    it('refuses a page of a changeset never begun, naming it and the dossier', async () => {
      const [ledger] = publicLedgers();
      const attempt = platform.receiver.apply({ changesetId: 'never', dossierId: ledger.dossier.id, sequence: 1, operations: [] });
      await expectRejection(attempt, /PLATFORM_UNKNOWN_CHANGESET: changeset never of dossier BE0412345678/);
    });

    it('refuses a changeset for a dossier it does not know', async () => {
      await expectRejection(platform.receiver.begin({ changesetId: 'x', dossierId: 'NOPE', kind: 'full', startedAt: '2025-01-01T00:00:00Z' }), /PLATFORM_UNKNOWN_DOSSIER: dossier NOPE/);
    });
  });
}

function summary(changesetId: string, dossierId: string, pages: number): ChangesetSummary {
  return { changesetId, dossierId, kind: 'full', pages, counts: { read: 0, upserted: 0, deleted: 0, quarantined: 0 }, methods: {}, quarantined: [], finishedAt: new Date().toISOString() };
}

function sumPeriods(byPeriod: Record<string, Record<string, number>>): Record<string, number> {
  const total: Record<string, number> = {};
  for (const balance of Object.values(byPeriod)) for (const [account, amount] of Object.entries(balance)) total[account] = (total[account] ?? 0) + amount;
  return total;
}

async function expectRejection(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect((error as Error).message).to.match(pattern);
    return;
  }
  expect.fail(`expected a rejection matching ${pattern}`);
}
