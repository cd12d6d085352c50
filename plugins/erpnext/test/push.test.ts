import { expect } from 'chai';
import { Proposal } from '@ledgersync/sdk';
import { closedPeriod, collect, withSite } from './fixtures';

const clock = { now: () => new Date('2025-02-04T09:15:00Z') };
const proposal = (): Proposal => ({
  id: 'P-77', journalId: 'AK', date: '2025-02-04', dueDate: '2025-03-06', counterpartyId: 'L200', description: 'Eikenhout planken',
  lines: [
    { line: 1, accountId: '440000', amount: -60500 },
    { line: 2, accountId: '604000', amount: 50000, vatCode: '81' },
    { line: 3, accountId: '411000', amount: 10500 },
  ],
});

describe('erpnext adapter: push', function () {
  this.timeout(60000);

  it('books a proposal through the REST API as a submitted Journal Entry, which ERPNext posts, once however often it is pushed', () =>
    withSite(closedPeriod(), async (site) => {
      const first = await site.adapter.push!(site.dossier, proposal());
      // the supplier is on the payable line, as ERPNext requires of a Journal Entry row on a Payable account
      expect(first.record).to.deep.equal({
        id: 'AK-2025-00001', journalId: 'AK', fiscalYearId: '2025', periodId: '2025-02', number: 'AK-2025-00001', date: '2025-02-04',
        description: 'Eikenhout planken', currency: 'EUR', lines: proposal().lines.map((l) => (l.line === 1 ? { ...l, counterpartyId: 'L200' } : l)),
      });
      // stamped by ERPNext when it submits (the fixture site's clock: the step's)
      expect(first.marker).to.equal('2025-02-02T02:00:00.000000Z');
      const [gl] = (await site.driver.db.raw("SELECT account, debit, credit FROM `tabGL Entry` WHERE voucher_no = 'AK-2025-00001' ORDER BY idx")) as [Record<string, string>[]];
      expect(gl).to.deep.equal([
        { account: '440000', debit: '0.000000000', credit: '605.000000000' },
        { account: '604000', debit: '500.000000000', credit: '0.000000000' },
        { account: '411000', debit: '105.000000000', credit: '0.000000000' },
      ]);
      const [voucher] = (await site.driver.db.raw("SELECT docstatus, cheque_no FROM `tabJournal Entry` WHERE name = 'AK-2025-00001'")) as [Record<string, unknown>[]];
      expect(voucher).to.deep.equal([{ docstatus: 1, cheque_no: 'P-77' }]);

      const again = await Promise.all([site.adapter.push!(site.dossier, proposal()), site.adapter.push!(site.dossier, proposal())]);
      expect(again).to.deep.equal([first, first]);
      const [count] = (await site.driver.db.raw("SELECT COUNT(*) AS n FROM `tabGL Entry` WHERE voucher_no = 'AK-2025-00001'")) as [{ n: number }[]];
      expect(count[0].n).to.equal(3);
      expect((await collect(site.adapter.read(site.dossier, 'entry'))).map((r) => r.id)).to.include('AK-2025-00001');
    }, { upTo: 1, clock }));

  it('books a general-journal proposal as a Journal Entry, numbered on from the series', () =>
    withSite(closedPeriod(), async (site) => {
      const general = { ...proposal(), id: 'P-78', journalId: 'DIV', description: undefined, dueDate: undefined };
      const pushed = await site.adapter.push!(site.dossier, general);
      expect(pushed.record).to.include({ id: 'DIV-2025-00001', journalId: 'DIV', number: 'DIV-2025-00001' });
      const [rows] = (await site.driver.db.raw("SELECT COUNT(*) AS n FROM `tabJournal Entry Account` WHERE parent = 'DIV-2025-00001'")) as [{ n: number }[]];
      expect(rows[0].n).to.equal(3);
      expect((await site.adapter.push!(site.dossier, { ...general, id: 'P-79' })).id).to.equal('DIV-2025-00002');
    }, { upTo: 1, clock }));

  it('rejects a proposal in a frozen period, on an unknown account or journal, naming the field', () =>
    withSite(closedPeriod(), async (site) => {
      const reject = (p: Proposal) => site.adapter.push!(site.dossier, p).then(() => undefined, (e: { code: string; field: string }) => [e.code, e.field]);
      expect(await reject({ ...proposal(), date: '2025-01-15' })).to.deep.equal(['ADAPTER_PROPOSAL_REJECTED', 'date']);
      expect(await reject({ ...proposal(), journalId: 'XX' })).to.deep.equal(['ADAPTER_PROPOSAL_REJECTED', 'journalId']);
      const lines = proposal().lines.map((l) => (l.line === 2 ? { ...l, accountId: '999999' } : l));
      expect(await reject({ ...proposal(), lines })).to.deep.equal(['ADAPTER_PROPOSAL_REJECTED', 'lines[1].accountId']);
      const [count] = (await site.driver.db.raw('SELECT COUNT(*) AS n FROM `tabGL Entry`')) as [{ n: number }[]];
      expect(count[0].n).to.equal(9);
    }, { upTo: 1, clock }));
});
