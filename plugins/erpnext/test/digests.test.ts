import { expect } from 'chai';
import { bucketDigests, bucketOf, BucketDigest, ENTITIES, EntityName } from '@ledgersync/sdk';
import { bakery, closedPeriod, collect, Site, withSite } from './fixtures';

/** Per bucket, count and XOR of the fingerprints `read` reports, computed in JavaScript. */
async function digestsFromRead(site: Site, entity: EntityName, bits: number): Promise<BucketDigest[]> {
  return bucketDigests(await collect(site.adapter.read(site.dossier, entity)), bits);
}

const digestsOf = (site: Site, entity: EntityName, bits: number) => collect(site.adapter.digests!(site.dossier, entity, { bits }));
const bucketDigest = async (site: Site, entity: EntityName, id: string, bits = 4) => (await digestsOf(site, entity, bits)).find((d) => d.bucket === bucketOf(id, bits));

describe('erpnext adapter: bucket digests in SQL', function () {
  this.timeout(60000);

  it('computes, per entity and level, what JavaScript computes from the fingerprints read reports', () =>
    withSite(bakery(), async (site) => {
      for (const entity of ENTITIES) {
        for (const bits of [0, 3, 8]) {
          expect(await digestsOf(site, entity, bits), `${entity} at ${bits} bits`).to.deep.equal(await digestsFromRead(site, entity, bits));
        }
        const keys = await collect(site.adapter.keys!(site.dossier, entity));
        const read = await collect(site.adapter.read(site.dossier, entity));
        expect(keys).to.deep.equal(read.map((r) => ({ id: r.id, marker: r.marker, fingerprint: r.fingerprint })));
      }
      const top = (await digestsOf(site, 'period', 2))[0];
      const within = await collect(site.adapter.digests!(site.dossier, 'period', { bits: 5, within: { bits: 2, value: top.bucket } }));
      expect(within.every((d) => d.bucket >>> 3 === top.bucket)).to.equal(true);
      expect(within.reduce((n, d) => n + d.count, 0)).to.equal(top.count);
    }));

  it('puts ids in the buckets the SDK does, UTF-8 included', () =>
    withSite(bakery(), async (site) => {
      const ids = ['VK-2025-0001', 'Café Sport', 'Ærø-ÖÜ/7', '東京-1', ''];
      const [rows] = (await site.driver.db.raw(`SELECT ${ids.map(() => 'CAST(CONV(LEFT(MD5(?), 8), 16, 10) AS UNSIGNED) >> (32 - 32)').join(', ')}`, ids)) as [Record<string, string>[]];
      expect(Object.values(rows[0]).map(Number)).to.deep.equal(ids.map((id) => bucketOf(id, 32)));
    }));

  it('changes a bucket digest on a raw DELETE that leaves no Deleted Document', () =>
    withSite(bakery(), async (site) => {
      const before = await bucketDigest(site, 'entry', 'VK-2025-0001');
      await site.driver.db.raw("DELETE FROM `tabGL Entry` WHERE voucher_no = 'VK-2025-0001'");
      const after = await bucketDigest(site, 'entry', 'VK-2025-0001');
      expect(after?.count ?? 0).to.equal(before!.count - 1);
      expect(after?.xor).to.not.equal(before!.xor);
      expect(await collect(site.adapter.deletedSince!(site.dossier, '1970-01-01T00:00:00Z'))).to.deep.equal([]);
    }, { logDeletions: false }));

  it('changes a bucket digest on a silent UPDATE that leaves modified alone, and on a renumbered account', () =>
    withSite(closedPeriod(), async (site) => {
      const entry = await bucketDigest(site, 'entry', 'VK-1');
      const since = site.steps[site.steps.length - 1].marker;
      await site.driver.db.raw("UPDATE `tabGL Entry` SET debit = debit + 0.01 WHERE voucher_no = 'VK-1' AND idx = 1");
      expect((await bucketDigest(site, 'entry', 'VK-1'))!.xor).to.not.equal(entry!.xor);
      expect((await collect(site.adapter.read(site.dossier, 'entry', { since }))).map((r) => r.id)).to.not.include('VK-1');

      const party = await bucketDigest(site, 'counterparty', 'K100');
      await site.driver.db.raw("UPDATE `tabCustomer` SET customer_name = 'Bouwbedrijf Maes NV' WHERE name = 'K100'");
      expect((await bucketDigest(site, 'counterparty', 'K100'))!.xor).to.not.equal(party!.xor);

      const before = await digestsOf(site, 'entry', 0);
      await site.driver.db.raw("UPDATE `tabAccount` SET account_number = '400100' WHERE name = '400000'");
      expect(await digestsOf(site, 'entry', 0)).to.not.deep.equal(before);
    }));

  it('changes its probe on a silent change and keeps it otherwise', () =>
    withSite(closedPeriod(), async (site) => {
      const first = await site.adapter.probe!(site.dossier);
      expect(await site.adapter.probe!(site.dossier)).to.equal(first);
      await site.driver.db.raw("UPDATE `tabGL Entry` SET credit = credit + 1 WHERE voucher_no = 'AK-1' AND idx = 1");
      expect(await site.adapter.probe!(site.dossier)).to.not.equal(first);
    }));
});
