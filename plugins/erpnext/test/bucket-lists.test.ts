import { expect } from 'chai';
import { BucketDigest, bucketOf, BucketRange, ENTITIES, EntityName, generateRecordedLedger, SourceRecord } from '@ledgersync/sdk';
import { bakery, collect, Site, withAdapter, withSite } from './fixtures';

const ids = (records: readonly SourceRecord[]) => records.map((r) => r.id);
const inAny = (ranges: readonly BucketRange[]) => (record: SourceRecord) => ranges.some((r) => bucketOf(record.id, r.bits) === r.value);
const byId = (a: SourceRecord, b: SourceRecord) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Per bucket of `bits`, the ranges to ask for: every other bucket, listed backwards (the order asked for must not matter). */
const everyOther = (bits: number, offset = 0): BucketRange[] =>
  Array.from({ length: 1 << bits }, (_, value) => ({ bits, value })).filter((r) => r.value % 2 === offset).reverse();

/** `read({ranges})` is the listing filtered to those buckets (same order, same cursors) and the union of `read({range})` per range. */
async function expectReadOfRanges(site: Site, entity: EntityName, ranges: BucketRange[], since?: string): Promise<void> {
  const listed = await collect(site.adapter.read(site.dossier, entity, { since, ranges }));
  const whole = await collect(site.adapter.read(site.dossier, entity, { since }));
  expect(listed, `${entity} ${JSON.stringify(ranges)} since ${since}`).to.deep.equal(whole.filter(inAny(ranges)));
  const union: SourceRecord[] = [];
  for (const range of ranges) union.push(...(await collect(site.adapter.read(site.dossier, entity, { since, range }))));
  // ranges of mixed widths may overlap: the union holds each record once
  const once = [...new Map(union.map((r) => [r.id, r])).values()];
  expect([...listed].sort(byId), `${entity} union of single ranges`).to.deep.equal(once.sort(byId));
}

describe('erpnext adapter: bucket lists (ranges)', function () {
  this.timeout(120000);

  it('declares bucketLists', () =>
    withSite(bakery(), async (site) => {
      expect((await site.adapter.capabilities()).bucketLists).to.equal(true);
    }, { upTo: 0 }));

  it('reads exactly the union of the single-range reads, in id order, and in (marker, id) order with since', () =>
    withSite(generateRecordedLedger({ seed: 5, entries: 60, steps: 3, fiscalYears: 2 }), async (site) => {
      const since = site.steps[1].marker;
      for (const entity of ENTITIES) {
        await expectReadOfRanges(site, entity, everyOther(3));
        await expectReadOfRanges(site, entity, everyOther(2, 1), since);
      }
      const entries = await collect(site.adapter.read(site.dossier, 'entry'));
      expect(entries.length).to.be.greaterThan(20);
      // the buckets of a few real ids at a fine width (as the engine's leaves), and one mixed-width list
      const leaves = [...new Set(entries.slice(0, 12).map((r) => bucketOf(r.id, 10)))].map((value) => ({ bits: 10, value }));
      await expectReadOfRanges(site, 'entry', leaves);
      await expectReadOfRanges(site, 'entry', leaves, since);
      await expectReadOfRanges(site, 'entry', [{ bits: 1, value: 0 }, ...leaves.slice(0, 3)]);
      // paged and resumed behind a cursor, the list stays one listing
      const listed = await collect(site.adapter.read(site.dossier, 'entry', { ranges: everyOther(3) }));
      await withAdapter(site, { pageSize: 2 }, async (small) => {
        expect(await collect(small.read(site.dossier, 'entry', { ranges: everyOther(3) }))).to.deep.equal(listed);
        expect(ids(await collect(small.read(site.dossier, 'entry', { ranges: everyOther(3), after: listed[2].cursor })))).to.deep.equal(ids(listed.slice(3)));
      });
    }));

  it('digests over ranges are the single-range digests concatenated in bucket order', () =>
    withSite(generateRecordedLedger({ seed: 5, entries: 60, steps: 3, fiscalYears: 2 }), async (site) => {
      for (const entity of ENTITIES) {
        for (const [bits, ranges] of [[6, everyOther(3)], [8, everyOther(2, 1)], [12, [{ bits: 10, value: 1023 }, { bits: 10, value: 3 }, { bits: 10, value: 512 }]]] as const) {
          const listed = await collect(site.adapter.digests!(site.dossier, entity, { bits, ranges }));
          const single: BucketDigest[] = [];
          for (const within of [...ranges].sort((a, b) => a.value - b.value)) single.push(...(await collect(site.adapter.digests!(site.dossier, entity, { bits, within }))));
          expect(listed, `${entity} at ${bits} bits in ${JSON.stringify(ranges)}`).to.deep.equal(single);
        }
      }
      const all = await collect(site.adapter.digests!(site.dossier, 'entry', { bits: 4 }));
      expect(all.length).to.be.greaterThan(4);
      expect(await collect(site.adapter.digests!(site.dossier, 'entry', { bits: 4, ranges: everyOther(0) }))).to.deep.equal(all);
    }));

  it('an empty list matches no record and no bucket', () =>
    withSite(bakery(), async (site) => {
      for (const entity of ENTITIES) {
        expect(await collect(site.adapter.read(site.dossier, entity, { ranges: [] })), entity).to.deep.equal([]);
        expect(await collect(site.adapter.read(site.dossier, entity, { ranges: [], since: '1970-01-01T00:00:00Z' })), entity).to.deep.equal([]);
        expect(await collect(site.adapter.digests!(site.dossier, entity, { bits: 4, ranges: [] })), entity).to.deep.equal([]);
        expect((await collect(site.adapter.read(site.dossier, entity))).length, entity).to.be.greaterThan(0);
      }
    }));
});
