import { expect } from 'chai';
import { bakery, closedPeriod, collect, withAdapter, withSite } from './fixtures';

describe('erpnext adapter: listings and deletions', function () {
  this.timeout(60000);

  it('reads changes since a marker (inclusive) in marker order, and resumes behind a cursor', () =>
    withSite(bakery(), async (site) => {
      const since = site.steps[1].marker;
      const changed = await collect(site.adapter.read(site.dossier, 'entry', { since }));
      expect(changed.map((r) => r.id)).to.deep.equal(['BNK-2025-0001', 'VK-2025-0003', 'AK-2025-0002']);
      expect(changed.map((r) => r.marker)).to.deep.equal([...changed.map((r) => r.marker)].sort());
      const resumed = await collect(site.adapter.read(site.dossier, 'entry', { since, after: changed[0].cursor }));
      expect(resumed.map((r) => r.id)).to.deep.equal(['VK-2025-0003', 'AK-2025-0002']);
      const all = await collect(site.adapter.read(site.dossier, 'period'));
      expect((await collect(site.adapter.read(site.dossier, 'period', { after: all[4].cursor }))).map((r) => r.id)).to.deep.equal(all.slice(5).map((r) => r.id));
    }, { upTo: 3 }));

  it('pages through a listing of more records than a page holds', () =>
    withSite(bakery(), async (site) => {
      await withAdapter(site, { pageSize: 2 }, async (small) => {
        for (const entity of ['period', 'entry', 'matching', 'counterparty'] as const) {
          expect(await collect(small.read(site.dossier, entity)), entity).to.deep.equal(await collect(site.adapter.read(site.dossier, entity)));
        }
        expect(await collect(small.read(site.dossier, 'entry', { since: '2025-01-01T00:00:00Z' }))).to.have.length(5);
      });
    }));

  it('lists deletions logged in tabDeleted Document', () =>
    withSite(closedPeriod(), async (site) => {
      const deleted = await collect(site.adapter.deletedSince!(site.dossier, site.steps[1].marker));
      expect(deleted).to.deep.equal([
        { entity: 'entry', id: 'AK-2', marker: '2025-02-06T02:00:00.000000Z' },
        { entity: 'counterparty', id: 'L201', marker: '2025-02-06T02:00:00.000000Z' },
      ]);
    }));

  it('logs nothing when the fixture deletes as raw SQL does', () =>
    withSite(closedPeriod(), async (site) => {
      expect(await collect(site.adapter.deletedSince!(site.dossier, '1970-01-01T00:00:00Z'))).to.deep.equal([]);
    }, { logDeletions: false }));

  it('maps a cancelled voucher (its GL rows flagged is_cancelled) to a deletion of its entry, and a delinked allocation to one of its matching', () =>
    withSite(bakery(), async (site) => {
      await site.driver.db.raw("UPDATE `tabGL Entry` SET is_cancelled = 1, modified = '2025-03-01 09:00:00' WHERE voucher_no = 'BNK-2025-0001'");
      await site.driver.db.raw("UPDATE `tabPayment Ledger Entry` SET delinked = 1, modified = '2025-03-01 09:00:00' WHERE name = 'M0001'");
      const entries = (await collect(site.adapter.read(site.dossier, 'entry'))).map((r) => r.id);
      expect(entries).to.not.include('BNK-2025-0001');
      expect(await collect(site.adapter.read(site.dossier, 'matching'))).to.deep.equal([]);
      expect(await collect(site.adapter.deletedSince!(site.dossier, '2025-03-01T00:00:00Z'))).to.deep.equal([
        { entity: 'entry', id: 'BNK-2025-0001', marker: '2025-03-01T09:00:00.000000Z' },
        { entity: 'matching', id: 'M0001', marker: '2025-03-01T09:00:00.000000Z' },
      ]);
      const all = await collect(site.adapter.deletedSince!(site.dossier, '2025-01-01T00:00:00Z'));
      expect(all.map((d) => d.id)).to.deep.equal(['VK-2025-0002', 'BNK-2025-0001', 'M0001']);
      await withAdapter(site, { pageSize: 2 }, async (small) => {
        expect(await collect(small.deletedSince!(site.dossier, '2025-01-01T00:00:00Z'))).to.deep.equal(all);
      });
    }));

  it('fails a read the site database refuses with a typed error naming dossier and entity, never an empty listing', () =>
    withSite(bakery(), async (site) => {
      await site.driver.db.raw('DROP TABLE `tabGL Entry`');
      const error = await collect(site.adapter.read(site.dossier, 'entry')).catch((e: unknown) => e as Error & { code: string });
      expect(error).to.have.property('code', 'ADAPTER_SOURCE_ERROR');
      expect((error as Error).message).to.include(`dossier ${site.dossier}, entry read`).and.include('tabGL Entry');
    }, { upTo: 0 }));

  it('refuses a company it does not hold', async () =>
    withSite(bakery(), async (site) => {
      const error = await collect(site.adapter.read('Another Company', 'entry')).catch((e: unknown) => e);
      expect(error).to.have.property('code', 'ADAPTER_UNKNOWN_DOSSIER');
    }));
});
