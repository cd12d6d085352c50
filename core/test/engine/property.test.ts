import { expect } from 'chai';
import fc from 'fast-check';
import { EntityName } from '@ledgersync/sdk';
import { createDiffEngine, MemoryReceiver } from '../../src/engine';
import { openStateStore } from '../../src/state';
import { forEachDatabase } from '../state/databases';
import { expectStoredBucketsMatchRecords } from '../state/stored-buckets';
import { digestsOf, reportKeys, truthReport } from './ledger-replay';
import { entry, MutableSource, seedBasics } from './mutable-source';

type Change =
  | { op: 'put'; entity: EntityName; record: { id: string } & Record<string, unknown>; silent: boolean }
  | { op: 'delete'; entity: EntityName; id: string };

const ACCOUNTS = ['A1', 'A2', 'A3', 'A9'];
const ENTRIES = ['E1', 'E2', 'E3', 'E4', 'E5'];

const amount = fc.integer({ min: 1, max: 5 }).map((n) => n * 100);

/** Puts, silent puts and deletes over small id pools, so that references break and heal and lines get over-matched. */
const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({
    op: fc.constant('put' as const),
    entity: fc.constant<EntityName>('account'),
    record: fc.record({ id: fc.constantFrom(...ACCOUNTS.slice(0, 3)), name: fc.constantFrom('Cash', 'Clients'), reconcilable: fc.boolean() }),
    silent: fc.boolean(),
  }),
  fc.record({
    op: fc.constant('put' as const),
    entity: fc.constant<EntityName>('counterparty'),
    record: fc.record({ id: fc.constantFrom('C1', 'C2'), type: fc.constant('customer'), name: fc.constantFrom('Anna', 'Bert') }),
    silent: fc.boolean(),
  }),
  fc
    .record({
      id: fc.constantFrom(...ENTRIES),
      debit: fc.constantFrom(...ACCOUNTS),
      credit: fc.constantFrom(...ACCOUNTS),
      amount,
      unbalanced: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
      counterpartyId: fc.option(fc.constantFrom('C1', 'C2', 'C3'), { nil: undefined }),
      silent: fc.boolean(),
    })
    .map(({ id, debit, credit, amount: a, unbalanced, counterpartyId, silent }) => ({
      op: 'put' as const,
      entity: 'entry' as EntityName,
      record: entry(id, [{ accountId: debit, amount: a }, { accountId: credit, amount: unbalanced ? -a + 1 : -a }], counterpartyId ? { counterpartyId } : {}),
      silent,
    })),
  fc
    .record({ id: fc.constantFrom('M1', 'M2', 'M3'), from: fc.constantFrom(...ENTRIES), to: fc.constantFrom(...ENTRIES), amount, silent: fc.boolean() })
    .map(({ id, from, to, amount: a, silent }) => ({
      op: 'put' as const,
      entity: 'matching' as EntityName,
      record: { id, date: '2025-03-02', items: [{ entryId: from, line: 1, amount: a }, { entryId: to, line: 2, amount: -a }] },
      silent,
    })),
  fc.record({
    op: fc.constant('delete' as const),
    entity: fc.constantFrom<EntityName>('account', 'counterparty', 'entry', 'entry', 'matching'),
    id: fc.constantFrom('A1', 'A2', 'A3', 'C1', 'C2', ...ENTRIES, 'M1', 'M2', 'M3'),
  }),
);

const history = fc.array(fc.array(change, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 });

forEachDatabase('diff engine converges to validState over random histories', (freshDatabase, databaseName) => {
  it('after every incremental sync the receiver holds exactly the valid source records', async function () {
    this.timeout(180_000);
    const config = await freshDatabase();
    let dossier = 0;
    await fc.assert(
      fc.asyncProperty(history, fc.boolean(), async (steps, deletionLog) => {
        const store = await openStateStore(config);
        try {
          const source = new MutableSource(`D${++dossier}`);
          source.advance();
          seedBasics(source);
          const adapter = source.adapter({ deletionLog });
          const engine = createDiffEngine({ store });
          const receiver = new MemoryReceiver();
          await engine.sync(adapter, source.dossierId, { kind: 'full', receiver, pageSize: 3 });
          for (const [index, changes] of steps.entries()) {
            source.advance();
            for (const c of changes) {
              if (c.op === 'delete') source.delete(c.entity, c.id);
              else source.put(c.entity, c.record, c.silent);
            }
            const result = await engine.sync(adapter, source.dossierId, { kind: 'incremental', receiver, pageSize: 3 });
            const truth = source.truth();
            expect(digestsOf(receiver.state), `step ${index}`).to.deep.equal(digestsOf(truth.state));
            expect(reportKeys(result.quarantined), `step ${index}`).to.deep.equal(truthReport(truth));
            await expectStoredBucketsMatchRecords(store, source.dossierId, `step ${index}`);
          }
          const again = await engine.sync(adapter, source.dossierId, { kind: 'incremental', receiver });
          expect(again.counts.upserted + again.counts.deleted, 'a second sync of an unchanged source').to.equal(0);
        } finally {
          await store.close();
        }
      }),
      { numRuns: databaseName === 'SQLite' ? 30 : 10 },
    );
  });
});
