import { expect } from 'chai';
import {
  AdapterServices, BucketDigest, bucketDigests, bucketOf, BucketRange, compareIds, ENTITIES, EntityName, ExtractionAdapter, ProposalNumbering, readRecordedLedgerFile, replay, SourceRecord,
  truthOf,
} from '@ledgersync/sdk';
import knex, { Knex } from 'knex';
import { bcLedgerOf, BusinessCentralFixtureDriver, createBusinessCentralAdapter, entryIdOf } from '../src';
import { collect, describeWithSqlServer, PUBLIC_LEDGERS, silentLogger } from './helpers';

/** Entries the replay books for proposals get BC-form ids too (transactions far above the ledger's). */
const BC_NUMBERING: ProposalNumbering = (proposal, step) => ({ id: entryIdOf(9000 + step, proposal.id, proposal.date), number: proposal.id });

const URL = process.env.LEDGERSYNC_MSSQL_URL;
const LEDGERS = PUBLIC_LEDGERS;
const silent = silentLogger;


function hostServices(): AdapterServices {
  return {
    logger: silent,
    clock: { now: () => new Date() },
    http: { fetch: () => Promise.reject(new Error('no HTTP here')) },
    sql: { create: <T>(options: Knex.Config) => knex(options) as unknown as T },
  };
}

const records = <E extends EntityName>(rows: SourceRecord<E>[]) => rows.map((row) => row.record);

/** Every other bucket of `bits`, listed backwards (the order asked for must not matter). */
const everyOther = (bits: number, offset = 0): BucketRange[] =>
  Array.from({ length: 2 ** bits }, (_, value) => ({ bits, value })).filter((range) => range.value % 2 === offset).reverse();
const inAny = (ranges: readonly BucketRange[]) => (record: SourceRecord) => ranges.some((range) => bucketOf(record.id, range.bits) === range.value);

/**
 * Bucket lists on the server: `read({ranges})` is the whole listing filtered to those buckets (same
 * order, same cursors) and the union of `read({range})`; `digests({ranges})` is the concatenation
 * of `digests({within})` in bucket order; an empty list holds nothing.
 */
async function expectBucketLists(adapter: ExtractionAdapter, dossierId: string, entity: EntityName, label: string): Promise<void> {
  const whole = await collect(adapter.read(dossierId, entity));
  const wholeSince = await collect(adapter.read(dossierId, entity, { since: '' }));
  const leaves = [...new Set(whole.slice(0, 6).map((r) => bucketOf(r.id, 10)))].map((value) => ({ bits: 10, value }));
  for (const ranges of [everyOther(3), everyOther(2, 1), leaves, [{ bits: 1, value: 0 }, ...leaves.slice(0, 3)]]) {
    const what = `${label} ${entity} ${JSON.stringify(ranges)}`;
    const listed = await collect(adapter.read(dossierId, entity, { ranges }));
    expect(listed, what).to.deep.equal(whole.filter(inAny(ranges)));
    const union = new Map<string, SourceRecord>();
    for (const range of ranges) for (const record of await collect(adapter.read(dossierId, entity, { range }))) union.set(record.id, record);
    expect(listed, `${what}: union of single ranges`).to.deep.equal([...union.values()].sort((a, b) => compareIds(a.id, b.id)));
    expect(await collect(adapter.read(dossierId, entity, { since: '', ranges })), `${what} since`).to.deep.equal(wholeSince.filter(inAny(ranges)));
  }
  for (const [bits, ranges] of [[6, everyOther(3)], [12, [{ bits: 10, value: 1023 }, { bits: 10, value: 3 }, { bits: 10, value: 512 }]]] as const) {
    const listed = await collect(adapter.digests!(dossierId, entity, { bits, ranges }));
    const single: BucketDigest[] = [];
    for (const within of [...ranges].sort((a, b) => a.value - b.value)) single.push(...(await collect(adapter.digests!(dossierId, entity, { bits, within }))));
    expect(listed, `${label} ${entity} digests at ${bits} bits in ${JSON.stringify(ranges)}`).to.deep.equal(single);
  }
  expect(await collect(adapter.read(dossierId, entity, { ranges: [] })), `${label} ${entity} empty list`).to.deep.equal([]);
  expect(await collect(adapter.digests!(dossierId, entity, { bits: 4, ranges: [] })), `${label} ${entity} empty list`).to.deep.equal([]);
}

/**
 * Against a real SQL Server only (LEDGERSYNC_MSSQL_URL): the fixture driver writes each state of
 * the public ledgers (in the form BC holds them) into BC tables, and the adapter must read back
 * every record of every entity exactly, with keys, digests and read agreeing, buckets equal to
 * the sdk's, bucket lists equal to their single buckets, the probe moving with changes, and
 * change-tracked deletes listed.
 */
describeWithSqlServer('business-central: live against SQL Server (LEDGERSYNC_MSSQL_URL)', function () {
  this.timeout(300000);

  for (const file of LEDGERS) {
    it(`${file.split('/').pop()}: every step reads back what BC can hold`, async () => {
      // the form BC holds it in: the ids BC gives (see bcLedgerOf), so records compare one to one
      const ledger = bcLedgerOf(readRecordedLedgerFile(file));
      const driver = new BusinessCentralFixtureDriver({ url: URL });
      let adapter: ExtractionAdapter | undefined;
      try {
        const configuration = await driver.setUp(ledger);
        adapter = await createBusinessCentralAdapter(configuration, hostServices());
        const dossierId = ledger.dossier.id;
        let previousProbe = '';
        for (const replayed of replay(ledger, BC_NUMBERING)) {
          await driver.materialise({ step: replayed.index, dossier: ledger.dossier, clock: replayed.marker, source: replayed.source, deleted: replayed.deleted });
          const label = `step ${replayed.index} (${replayed.step.label})`;

          const truth = truthOf(ledger, replayed).state;
          for (const entity of ENTITIES) {
            const read = records(await collect(adapter.read(dossierId, entity)));
            expect(read, `${label}: ${entity}`).to.deep.equal([...truth[entity].values()].sort((a, b) => compareIds(a.id, b.id)));
          }

          for (const entity of ['entry', 'counterparty'] as const) {
            const read = await collect(adapter.read(dossierId, entity));
            const keys = await collect(adapter.keys!(dossierId, entity));
            expect(keys.map((k) => [k.id, k.fingerprint]), `${label} ${entity} keys`).to.deep.equal(read.map((r) => [r.id, r.fingerprint]));
            const digests = await collect(adapter.digests!(dossierId, entity, { bits: 4 }));
            expect(digests, `${label} ${entity} digests`).to.deep.equal(bucketDigests(keys, 4));
            await expectBucketLists(adapter, dossierId, entity, label);
          }

          const probe = await adapter.probe!(dossierId);
          if (replayed.step.changes.length > 0 && replayed.index > 0) expect(probe, label).not.to.equal(previousProbe);
          previousProbe = probe;

          for (const deleted of replayed.deleted.filter((d) => d.entity === 'counterparty')) {
            const logged = await collect(adapter.deletedSince!(dossierId, '0000000000000000'));
            expect(logged.map((d) => [d.entity, d.id]), label).to.deep.include([deleted.entity, deleted.id]);
          }
        }
      } finally {
        await adapter?.close();
        await driver.tearDown();
      }
    });
  }
});
