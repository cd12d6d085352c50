import { emptyLedgerState, replay, truthOf } from '@ledgersync/sdk';
import { expect } from 'chai';
import { Knex } from 'knex';
import { Platform, platformState } from '../../src/platform';
import { eachDatabase } from './support/databases';
import { publicLedgers } from './support/ledgers';
import { canonicalStateOf, operationsBetween, pagesOf } from './support/state-diff';

/**
 * A connector that lost an acknowledgement retries the page while the first attempt is still being
 * written: both arrive at once. One applies, the other is told "already applied" — never a
 * duplicate-key error (on MariaDB the second insert of the page's row waits for the first
 * transaction and then fails on the primary key).
 */
for (const database of eachDatabase('duppage')) {
  describe(`platform receiver: the same page twice at once on ${database.label}`, function () {
    this.timeout(60_000);
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

    it('applies one and answers the other "already applied", whichever wins', async () => {
      const [ledger] = publicLedgers();
      await platform.dossiers.register({ ...ledger.dossier, connectorId: 'c1', adapterId: 'recorded-ledger', adapterVersion: '1.0.0' });
      const truth = truthOf(ledger, [...replay(ledger)][0]).state;
      const [operations] = pagesOf(operationsBetween(emptyLedgerState(), truth), 1000);
      for (let round = 1; round <= 5; round++) {
        const changesetId = `dup-${round}`;
        await platform.receiver.begin({ changesetId, dossierId: ledger.dossier.id, kind: 'full', startedAt: '2025-02-01T02:00:00.000Z' });
        const page = { changesetId, dossierId: ledger.dossier.id, sequence: 1, operations };
        const acks = await Promise.all([platform.receiver.apply(page), platform.receiver.apply(page), platform.receiver.apply(page)]);
        expect(acks.map((a) => a.applied).sort(), `round ${round}`).to.deep.equal([false, false, true]);
        const rows = await db('pf_applied_pages').where({ changeset_id: changesetId }).count({ n: '*' });
        expect(Number(rows[0].n)).to.equal(1);
      }
      expect(canonicalStateOf(await platformState(db, ledger.dossier.id))).to.deep.equal(canonicalStateOf(truth));
    });
  });
}
