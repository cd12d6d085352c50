import { expect } from 'chai';
import nock from 'nock';
import { createExactOnlineAdapter, encodeQuery, MemoryRefreshTokenStore, RESOURCES, SELECT, settledQuery, syncQuery } from '../src';
import { removeScopes } from '../src/fixture';
import { collect, services } from './support';

/*
 * Issue 14: matchings are read from what Exact documents for reading settled items —
 * cashflow/Receivables and cashflow/Payments with Status 50 (matched) — never from
 * financial/MatchSets (documented for POST only). Answers in Exact's own shape: `d.results`,
 * `__next`, `/Date(ms)/`, GUID keys; the line of an item is its TransactionID (the line's GUID).
 */
const HOST = 'https://eo-settled-test.exactonline.test';
const API = '/api/v1/7/';
const headers = { 'Content-Type': 'application/json; charset=utf-8', 'X-RateLimit-Remaining': '4000', 'X-RateLimit-Minutely-Remaining': '50' };
const date = (iso: string) => `/Date(${Date.parse(`${iso}T00:00:00Z`)})/`;

// entries (EntryID GUIDs) and the GUIDs of their lines on receivable and payable accounts
const VK1 = '0a1e0000-0000-0000-0000-000000000001';
const VK2 = '0a1e0000-0000-0000-0000-000000000002';
const VK9 = '0a1e0000-0000-0000-0000-000000000009';
const BNK7 = '0b0e0000-0000-0000-0000-000000000007';
const BNK8 = '0b0e0000-0000-0000-0000-000000000008';
const BNK9 = '0b0e0000-0000-0000-0000-000000000009';
const AK1 = '0c0e0000-0000-0000-0000-000000000001';
const line = (entry: string, n: number) => `${entry.slice(0, 9)}${String(n).padStart(4, '0')}${entry.slice(13)}`;
const lines = [
  [VK1, 1], [VK2, 1], [VK9, 1], [BNK7, 2], [BNK8, 2], [BNK9, 1], [AK1, 1],
].map(([entry, n]) => ({ __metadata: { type: 'Exact.Web.Api.Models.Sync.Financial.TransactionLine' }, ID: line(entry as string, n as number), EntryID: entry, LineNumber: n, Timestamp: 1000 + (n as number) }));

const item = (id: number, entry: string, n: number, amount: number, endDate: string, modified: string) => ({
  __metadata: { type: 'Exact.Web.Api.Models.Cashflow.Receivable' },
  ID: `0d0e0000-0000-0000-0000-00000000000${id}`,
  TransactionEntryID: entry,
  TransactionID: line(entry, n),
  AmountDC: amount,
  EndDate: date(endDate),
  Modified: `/Date(${Date.parse(modified)})/`,
});

describe('exact-online: matchings from settled items (cashflow/Receivables and cashflow/Payments, Status 50)', () => {
  const scopes: nock.Scope[] = [];
  afterEach(() => removeScopes(scopes.splice(0)));

  it('rebuilds one matching per EndDate with the amount settled per line, across pages, and never reads financial/MatchSets (failed before: MatchSets was read)', async () => {
    const receivables = `${API}${RESOURCES.receivables}?${encodeQuery(settledQuery())}`;
    const page2 = `${API}${RESOURCES.receivables}?${encodeQuery({ ...settledQuery(), $skiptoken: "guid'0d0e0000-0000-0000-0000-000000000003'" })}`;
    const base = nock(HOST);
    scopes.push(base);
    base.post('/api/oauth2/token').reply(200, { access_token: 'access', token_type: 'bearer', expires_in: '600', refresh_token: 'rotated' });
    // one payment for two invoices on 5 March; an invoice of 400 settled for 300 on 10 March (its open 100 is Status 20, not listed)
    base.get(receivables).reply(200, { d: { results: [item(1, VK1, 1, 1512.5, '2025-03-05', '2025-03-05T09:00:00Z'), item(2, VK9, 1, 100, '2025-03-05', '2025-03-05T09:00:00Z'), item(3, BNK7, 2, -1612.5, '2025-03-05', '2025-03-05T09:00:01Z')], __next: `${HOST}${page2}` } }, headers);
    base.get(page2).reply(200, { d: { results: [item(4, VK2, 1, 300, '2025-03-10', '2025-03-10T08:00:00Z'), item(5, BNK8, 2, -300, '2025-03-10', '2025-03-10T08:00:00Z')] } }, headers);
    // a supplier invoice paid on 20 February
    base.get(`${API}${RESOURCES.payments}?${encodeQuery(settledQuery())}`).reply(200, { d: { results: [item(6, AK1, 1, -1089, '2025-02-20', '2025-02-20T10:00:00Z'), item(7, BNK9, 1, 1089, '2025-02-20', '2025-02-20T10:00:00Z')] } }, headers);
    base.get(`${API}${RESOURCES.transactionLines}?${encodeQuery(syncQuery(SELECT.transactionLineNumbers, 0n))}`).reply(200, { d: { results: lines } }, headers);
    const matchSets = base.get((uri) => uri.includes('financial/MatchSets')).reply(500, { error: { message: { value: 'not served' } } });

    const adapter = createExactOnlineAdapter({ baseUrl: HOST, division: 7, clientId: 'app', clientSecret: 'secret', refreshToken: 'refresh' }, services(), { tokenStore: new MemoryRefreshTokenStore() });
    try {
      const read = await collect(adapter.read('7', 'matching'));
      // items in entry id, then line order (as the fixture's holding rebuilds them)
      expect(read.map((r) => r.record)).to.deep.equal([
        { id: 'settled-2025-02-20', date: '2025-02-20', items: [{ entryId: BNK9, line: 1, amount: 108900 }, { entryId: AK1, line: 1, amount: -108900 }] },
        { id: 'settled-2025-03-05', date: '2025-03-05', items: [{ entryId: VK1, line: 1, amount: 151250 }, { entryId: VK9, line: 1, amount: 10000 }, { entryId: BNK7, line: 2, amount: -161250 }] },
        { id: 'settled-2025-03-10', date: '2025-03-10', items: [{ entryId: VK2, line: 1, amount: 30000 }, { entryId: BNK8, line: 2, amount: -30000 }] },
      ]);
      // every matching sums to 0: whole match sets only
      for (const { record } of read) expect((record as { items: { amount: number }[] }).items.reduce((sum, i) => sum + i.amount, 0)).to.equal(0);
      // the latest Modified of a day's items is its marker
      expect(read[1].marker > read[0].marker).to.equal(true);
      expect(matchSets.isDone(), 'financial/MatchSets was read').to.equal(false);
    } finally {
      await adapter.close();
    }
  });
});
