import { expect } from 'chai';
import nock from 'nock';
import { Proposal } from '@ledgersync/sdk';
import { submitJournalEntry } from '../src/fixture/frappe-site';
import { closedPeriod, withAdapter, withSite } from './fixtures';

/*
 * Push through ERPNext's REST API, against cassettes in Frappe's real answer shape: `{"data": {...}}`
 * for an inserted document, 417 with `exc_type` and `_server_messages` for a refusal, 401 for a bad
 * token. The cassette's reply plays ERPNext's submit on the fixture database (submitJournalEntry):
 * the adapter itself writes no row.
 */
const SITE = 'https://erp.bakkerij.example';
const proposal = (): Proposal => ({
  id: 'P-90', journalId: 'AK', date: '2025-02-04', counterpartyId: 'L200', description: 'Eikenhout planken',
  lines: [
    { line: 1, accountId: '440000', amount: -60500 },
    { line: 2, accountId: '604000', amount: 50000, vatCode: '81' },
    { line: 3, accountId: '411000', amount: 10500 },
  ],
});

describe('erpnext adapter: push through the REST API (nock cassettes)', function () {
  this.timeout(60000);
  afterEach(() => nock.cleanAll());

  it('POSTs a submitted Journal Entry with token auth; ERPNext writes GL rows in both currencies and the Payment Ledger row', () =>
    withSite(closedPeriod(), async (site) => {
      let sent: Record<string, unknown> | undefined;
      nock(SITE, { reqheaders: { authorization: 'token k-1:s3cret-value' } })
        .post('/api/resource/Journal%20Entry')
        .reply(200, async (_uri, body) => {
          sent = body as Record<string, unknown>;
          return { data: await submitJournalEntry(site.driver.db, sent as never, '2025-02-04 09:15:00') };
        });
      await withAdapter(site, { url: SITE, apiKey: 'k-1', apiSecret: 's3cret-value' }, async (adapter) => {
        const pushed = await adapter.push!(site.dossier, proposal());
        expect(pushed.id).to.equal('AK-2025-00001');
      });
      expect(sent).to.deep.include({ doctype: 'Journal Entry', docstatus: 1, company: site.dossier, naming_series: 'AK-.YYYY.-', posting_date: '2025-02-04', cheque_no: 'P-90' });
      expect(sent!.accounts).to.deep.equal([
        { account: '440000', debit_in_account_currency: '0', credit_in_account_currency: '605.00', party_type: 'Supplier', party: 'L200' },
        { account: '604000', debit_in_account_currency: '500.00', credit_in_account_currency: '0', vat_code: '81' },
        { account: '411000', debit_in_account_currency: '105.00', credit_in_account_currency: '0' },
      ]);
      const [gl] = (await site.driver.db.raw("SELECT debit_in_account_currency AS d, credit_in_account_currency AS c FROM `tabGL Entry` WHERE voucher_no = 'AK-2025-00001' ORDER BY idx")) as [{ d: string; c: string }[]];
      expect(gl.map((r) => [Number(r.d), Number(r.c)])).to.deep.equal([[0, 605], [500, 0], [105, 0]]);
      const [ple] = (await site.driver.db.raw("SELECT account_type, party, amount FROM `tabPayment Ledger Entry` WHERE voucher_no = 'AK-2025-00001'")) as [Record<string, unknown>[]];
      expect(ple.map((r) => [r.account_type, r.party, Number(r.amount)])).to.deep.equal([['Payable', 'L200', 605]]);
    }, { upTo: 1 }));

  it('turns Frappe’s refusal into a rejected proposal with its message, and a refused token into a connection error without the secret', () =>
    withSite(closedPeriod(), async (site) => {
      nock(SITE).post('/api/resource/Journal%20Entry').reply(417, {
        exc_type: 'ValidationError',
        _server_messages: JSON.stringify([JSON.stringify({ message: 'Naming Series AK-.YYYY.- is not an option of Journal Entry' })]),
      });
      nock(SITE).post('/api/resource/Journal%20Entry').reply(401, { exc_type: 'AuthenticationError' });
      await withAdapter(site, { url: SITE, apiKey: 'k-1', apiSecret: 's3cret-value' }, async (adapter) => {
        const refused = await adapter.push!(site.dossier, proposal()).then(() => undefined, (e: Error & { code: string; field: string }) => e);
        expect(refused).to.include({ code: 'ADAPTER_PROPOSAL_REJECTED' });
        expect(refused!.message).to.include('Naming Series AK-.YYYY.- is not an option');
        const denied = await adapter.push!(site.dossier, proposal()).then(() => undefined, (e: Error & { code: string; field: string }) => e);
        expect(denied).to.include({ code: 'ADAPTER_CONNECTION_FAILED', field: 'apiKey' });
        expect(denied!.message).not.to.include('s3cret');
      });
      expect(nock.isDone()).to.equal(true);
    }, { upTo: 1 }));

  it('refuses to push without the REST API: no raw inserts past ERPNext’s ledger logic', () =>
    withSite(closedPeriod(), async (site) => {
      await withAdapter(site, { url: undefined, apiKey: undefined, apiSecret: undefined }, async (adapter) => {
        expect(adapter.capabilities().push).to.equal(false);
        const error = await adapter.push!(site.dossier, proposal()).then(() => undefined, (e: { code: string }) => e);
        expect(error).to.include({ code: 'ADAPTER_CONFIGURATION_INVALID' });
      });
      const [count] = (await site.driver.db.raw("SELECT COUNT(*) AS n FROM `tabGL Entry` WHERE voucher_no LIKE 'AK-2025-0000%'")) as [{ n: number }[]];
      expect(count[0].n).to.equal(0);
    }, { upTo: 1 }));
});
