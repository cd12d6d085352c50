import { expect } from 'chai';
import fc from 'fast-check';
import { ChangesetPage, PageAck } from '../../src/changeset/types';
import { createDiffEngine, MemoryReceiver, ReceiverError, SyncAbortedError, SyncResult } from '../../src/engine';
import { openStateStore } from '../../src/state';
import { forEachDatabase } from '../state/databases';
import { expectStoredBucketsMatchRecords } from '../state/stored-buckets';
import { digestsOf } from './ledger-replay';
import { entry, MutableSource, seedBasics } from './mutable-source';

/**
 * A receiver that fails at chosen pages, either before applying the page (the request was lost) or
 * after applying it (the acknowledgement was lost), and that does NOT deduplicate on its own: it
 * counts every application, so an engine that sent an applied page again would be caught.
 */
class CrashingReceiver extends MemoryReceiver {
  readonly applications = new Map<string, number>();
  calls = 0;

  constructor(private readonly crashes: Map<number, 'before' | 'after'>) {
    super();
  }

  override async apply(page: ChangesetPage): Promise<PageAck> {
    this.calls += 1;
    const crash = this.crashes.get(this.calls);
    if (crash === 'before') throw new Error(`connection reset before page ${page.sequence}`);
    const key = `${page.changesetId}#${page.sequence}`;
    this.applications.set(key, (this.applications.get(key) ?? 0) + 1);
    const ack = await super.apply({ ...page, sequence: page.sequence });
    if (crash === 'after') throw new Error(`connection reset after page ${page.sequence}`);
    return ack;
  }
}

async function syncUntilDone(run: () => Promise<SyncResult>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await run();
      if (!result.resumed) return;
    } catch (error) {
      expect(error).to.be.instanceOf(ReceiverError);
      expect(attempt).to.be.below(20);
    }
  }
}

function ledger(source: MutableSource, size: number, variant: number): void {
  seedBasics(source);
  source.put('account', { id: '400000', name: 'Clients', reconcilable: true });
  source.put('account', { id: '700000', name: 'Sales', reconcilable: false });
  for (let i = 0; i < size; i++) {
    const id = `E${String(i).padStart(3, '0')}`;
    if ((i + variant) % 7 === 0) source.delete('entry', id);
    else source.put('entry', entry(id, [{ accountId: '400000', amount: 100 + i + variant }, { accountId: '700000', amount: -100 - i - variant }]), i % 5 === 0);
  }
}

forEachDatabase('diff engine survives interruptions', (freshDatabase, databaseName) => {
  it('a sync interrupted at random pages and resumed ends equal to the source, no page applied twice', async function () {
    this.timeout(120_000);
    const config = await freshDatabase();
    let dossier = 0;
    const crashPlan = fc.array(fc.tuple(fc.integer({ min: 1, max: 25 }), fc.constantFrom<'before' | 'after'>('before', 'after')), { maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(crashPlan, async (crashes) => {
        const store = await openStateStore(config);
        try {
          const source = new MutableSource(`K${++dossier}`);
          const receiver = new CrashingReceiver(new Map(crashes));
          const engine = createDiffEngine({ store });
          const adapter = source.adapter();
          for (const [variant, kind] of [[0, 'full'], [1, 'incremental'], [2, 'incremental']] as const) {
            source.advance();
            ledger(source, 30, variant);
            // a run that resumes an interrupted changeset finishes that one; the next run catches up
            await syncUntilDone(() => engine.sync(adapter, source.dossierId, { kind, receiver, pageSize: 4 }));
            await syncUntilDone(() => engine.sync(adapter, source.dossierId, { kind: 'incremental', receiver, pageSize: 4 }));
            expect(digestsOf(receiver.state)).to.deep.equal(digestsOf(source.truth().state));
            await expectStoredBucketsMatchRecords(store, source.dossierId, `after the ${kind} sync of variant ${variant}`);
          }
          for (const [page, count] of receiver.applications) expect(count, page).to.equal(1);
        } finally {
          await store.close();
        }
      }),
      { numRuns: databaseName === 'SQLite' ? 10 : 3 },
    );
  });

  it('an aborted sync keeps what was acknowledged and the next run resumes the same changeset', async function () {
    const store = await openStateStore(await freshDatabase());
    try {
      const source = new MutableSource('ABORT');
      source.advance();
      ledger(source, 20, 0);
      const controller = new AbortController();
      const receiver = new (class extends MemoryReceiver {
        override async apply(page: ChangesetPage): Promise<PageAck> {
          const ack = await super.apply(page);
          if (page.sequence === 2) controller.abort();
          return ack;
        }
      })();
      const engine = createDiffEngine({ store });
      let aborted: unknown;
      try {
        await engine.sync(source.adapter(), source.dossierId, { kind: 'full', receiver, pageSize: 5, signal: controller.signal });
      } catch (error) {
        aborted = error;
      }
      expect(aborted).to.be.instanceOf(SyncAbortedError);
      expect((aborted as SyncAbortedError).code).to.equal('ENGINE_SYNC_ABORTED');
      expect(receiver.pages.map((p) => p.sequence)).to.deep.equal([1, 2]);
      const resumed = await engine.sync(source.adapter(), source.dossierId, { kind: 'incremental', receiver, pageSize: 5 });
      expect(resumed.resumed).to.equal(true);
      expect(resumed.kind).to.equal('full');
      expect(resumed.changesetId).to.equal(receiver.pages[0].changesetId);
      expect(receiver.pages.map((p) => p.sequence)).to.deep.equal([1, 2, 3, 4, 5]);
      expect(digestsOf(receiver.state)).to.deep.equal(digestsOf(source.truth().state));
    } finally {
      await store.close();
    }
  });

  it('pages the receiver acknowledged but the state never took (the process died first) are taken on resume, not sent again', async function () {
    const store = await openStateStore(await freshDatabase());
    try {
      const source = new MutableSource('LOST');
      source.advance();
      ledger(source, 40, 0);
      const receiver = new CrashingReceiver(new Map());
      const engine = createDiffEngine({ store });
      // the state's commits fail from page 3 on, as if the process had died after the receiver applied them
      const acknowledge = store.changesets.acknowledge.bind(store.changesets);
      let failing = true;
      store.changesets.acknowledge = async (changeset, sequence, records, last) => {
        if (failing && sequence >= 3) throw new Error('disk gone');
        return acknowledge(changeset, sequence, records, last);
      };
      let failed: unknown;
      try {
        await engine.sync(source.adapter(), source.dossierId, { kind: 'full', receiver, pageSize: 4 });
      } catch (error) {
        failed = error;
      }
      expect((failed as Error)?.message).to.equal('disk gone');
      const applied = receiver.pages.length;
      expect(applied).to.be.above(2);
      failing = false;
      const resumed = await engine.sync(source.adapter(), source.dossierId, { kind: 'incremental', receiver, pageSize: 4 });
      expect(resumed.resumed).to.equal(true);
      expect(receiver.pages.slice(applied).every((p) => p.sequence > applied), 'only pages after the applied ones are sent').to.equal(true);
      for (const [page, count] of receiver.applications) expect(count, page).to.equal(1);
      expect(digestsOf(receiver.state)).to.deep.equal(digestsOf(source.truth().state));
      const next = await engine.sync(source.adapter(), source.dossierId, { kind: 'incremental', receiver, pageSize: 4 });
      expect(next.counts.upserted + next.counts.deleted, 'the state holds every page, so nothing is left to send').to.equal(0);
    } finally {
      await store.close();
    }
  });
});
