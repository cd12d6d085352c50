import { expect } from 'chai';
import { UnknownDossierError } from '@ledgersync/sdk';
import { BusinessCentralAdapter, ChangeTrackingExpiredError, ChangeTrackingLog, FULL_RESYNC_REQUIRED, parseConfiguration, TRACKED_TABLES } from '../src';
import { collect, rowversion } from './helpers';
import { Answer, scriptedSqlServer } from './scripted-sql-server';

const CONFIG = { server: 'sql01', database: 'BC230', user: 'ledgersync', password: 'Sup3r$ecret', company: 'CRONUS', pageSize: 2 };
const ts = rowversion;
const DOSSIER_ROW = { name: 'CRONUS BV', vat: 'BE0412345678', country: 'BE', currency: 'EUR' };


/** Every scripted connection a test opened: their pools keep timers running until destroyed. */
const opened: { destroy(): Promise<void> }[] = [];
after(() => Promise.all(opened.map((db) => db.destroy())));

function adapterAnswering(answer: Answer, tracked = TRACKED_TABLES) {
  const server = scriptedSqlServer((sql, bindings) => (sql.includes('Company Information]') ? [DOSSIER_ROW] : answer(sql, bindings)));
  opened.push(server.db);
  const adapter = new BusinessCentralAdapter(server.db, parseConfiguration(CONFIG), new ChangeTrackingLog(tracked));
  return { adapter, statements: server.statements };
}

const account = (id: string, marker: number, hi: string, lo: string) => ({ id, ts: ts(marker), seq: 0, name: `Account ${id}`, reconcilable: 0, fp_hi: hi, fp_lo: lo, record_ts: ts(marker) });

describe('business-central: adapter over scripted SQL Server answers', () => {
  it('reads page by page: a full page asks for the next one behind the last id, a short page ends the listing', async () => {
    const pages = [[account('1000', 7, '1', '2'), account('2310', 9, '3', '4')], [account('9999', 8, '5', '6')]];
    const { adapter, statements } = adapterAnswering(() => pages.shift() ?? []);
    const records = await collect(adapter.read('CRONUS', 'account'));
    expect(records.map((r) => [r.id, r.marker, r.fingerprint, r.cursor])).to.deep.equal([
      ['1000', '0000000000000007', '0000000100000002', '["1000"]'],
      ['2310', '0000000000000009', '0000000300000004', '["2310"]'],
      ['9999', '0000000000000008', '0000000500000006', '["9999"]'],
    ]);
    expect(records[1].record).to.deep.equal({ id: '2310', name: 'Account 2310', reconcilable: false });
    const reads = statements.filter((s) => s.sql.includes('[record_ts]'));
    expect(reads).to.have.length(2);
    expect(reads[1].bindings).to.include('2310');
    expect(reads[1].sql).to.contain('where [id] COLLATE Latin1_General_100_BIN2 > @p');
  });

  it('an entry is the XOR of its lines\' fingerprints, its marker the highest rowversion; since-cursors carry (marker, id)', async () => {
    const line = (seq: number, hi: string, lo: string) => ({ id: 'D1|2025-01-08|5', ts: ts(seq), seq, journal_id: 'GEN', number: 'D1', posting_date: '2025-01-08', period_id: '2025-01-01', fiscal_year_id: '2025-01-01', account_id: String(seq), amount_cents: seq === 1 ? '100' : '-100', description: '', vat_code: '', counterparty_id: null, fp_hi: hi, fp_lo: lo, record_ts: ts(0x2a) });
    const { adapter, statements } = adapterAnswering(() => [line(1, '4294967295', '0'), line(2, '15', '255')]);
    const [entry] = await collect(adapter.read('CRONUS', 'entry', { since: '0000000000000010' }));
    expect(entry.fingerprint).to.equal('fffffff0000000ff');
    expect(entry.marker).to.equal('000000000000002a');
    expect(entry.cursor).to.equal('["000000000000002a","D1|2025-01-08|5"]');
    expect(entry.record.lines.map((l) => l.amount)).to.deep.equal([100, -100]);
    expect(entry.record.currency).to.equal('EUR');
    expect(statements.some((s) => s.bindings.includes('0000000000000010'))).to.equal(true);
  });

  it('keys and digests map SQL Server\'s aggregates; a bad cursor is refused', async () => {
    const { adapter } = adapterAnswering((sql) =>
      sql.includes('[bucket]') ? [{ bucket: 3, n: 2, x_hi: 3735928559, x_lo: 1 }] : [{ id: '1000', ts: ts(7), x_hi: '1', x_lo: '2' }],
    );
    expect(await collect(adapter.keys('CRONUS', 'account'))).to.deep.equal([{ id: '1000', marker: '0000000000000007', fingerprint: '0000000100000002' }]);
    expect(await collect(adapter.digests('CRONUS', 'entry', { bits: 8 }))).to.deep.equal([{ bucket: 3, count: 2, xor: 'deadbeef00000001' }]);
    await collect(adapter.read('CRONUS', 'account', { after: 'not json' })).then(
      () => expect.fail('expected a refusal'),
      (error) => expect(error).to.be.instanceOf(RangeError),
    );
    await collect(adapter.keys('OTHER', 'account')).then(
      () => expect.fail('expected a refusal'),
      (error) => expect(error).to.be.instanceOf(UnknownDossierError),
    );
  });

  it('deletedSince: per table, deletes after the change-tracking version the table had at the rowversion marker; too old a version demands a full resync', async () => {
    let versionAt: string | null = '5';
    const { adapter, statements } = adapterAnswering((sql) => {
      if (sql.includes('CHANGETABLE(VERSION')) return [{ version_at: versionAt }];
      if (sql.includes('CHANGE_TRACKING_MIN_VALID_VERSION')) return [{ min_valid: '3' }];
      if (sql.includes('CHANGETABLE(CHANGES [CRONUS$Customer]')) return [{ id: 'C:10000', version: '12', dbts: ts(0x900) }];
      if (sql.includes('CHANGETABLE(CHANGES [CRONUS$Accounting Period]')) return [{ id: '2024-12-01', version: '13', dbts: ts(0x900) }];
      return [];
    });
    expect(adapter.capabilities().deletedSince).to.deep.equal(['period', 'journal', 'account', 'counterparty']);
    expect(await collect(adapter.deletedSince('CRONUS', '00000000000007d0'))).to.deep.equal([
      { entity: 'period', id: '2024-12-01', marker: '0000000000000900' },
      { entity: 'counterparty', id: 'C:10000', marker: '0000000000000900' },
    ]);
    const atMarker = statements.filter((s) => s.sql.includes('CHANGETABLE(VERSION'));
    expect(atMarker).to.have.length(6);
    expect(atMarker[0].bindings).to.include('00000000000007d0');
    expect(statements.filter((s) => s.sql.includes('CHANGETABLE(CHANGES')).map((s) => s.bindings[0])).to.deep.equal(['5', '5', '5', '5', '5', '5']);
    // the engine's empty marker: from the start, every delete still retained (from the minimum valid version)
    versionAt = null;
    const before = statements.length;
    await collect(adapter.deletedSince('CRONUS', ''));
    expect(statements.slice(before).filter((s) => s.sql.includes('CHANGETABLE(CHANGES')).map((s) => s.bindings[0])).to.deep.equal(['3', '3', '3', '3', '3', '3']);
    versionAt = '2';
    const error = await collect(adapter.deletedSince('CRONUS', '00000000000007d0')).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(ChangeTrackingExpiredError);
    expect((error as ChangeTrackingExpiredError).code).to.equal(FULL_RESYNC_REQUIRED);
    expect((error as ChangeTrackingExpiredError).fullResyncRequired).to.equal(true);
  });

  it('declares no deletion log for an entity whose tables are not all tracked', () => {
    const { adapter } = adapterAnswering(() => [], TRACKED_TABLES.filter((table) => table.table !== 'vendor'));
    expect(adapter.capabilities().deletedSince).to.deep.equal(['period', 'journal', 'account']);
    expect(adapter.capabilities().markers).to.equal('rowversion');
  });

  it('probe: the token changes when a count or a highest rowversion does', async () => {
    let rows = [{ tbl: 'G_L Entry', n: '10', ts: ts(99) }, { tbl: 'Customer', n: '3', ts: null }];
    const { adapter } = adapterAnswering(() => rows);
    const first = await adapter.probe('CRONUS');
    expect(await adapter.probe('CRONUS')).to.equal(first);
    rows = [{ tbl: 'G_L Entry', n: '9', ts: ts(99) }, { tbl: 'Customer', n: '3', ts: null }];
    const afterDelete = await adapter.probe('CRONUS');
    expect(afterDelete).not.to.equal(first);
    rows = [{ tbl: 'G_L Entry', n: '9', ts: ts(100) }, { tbl: 'Customer', n: '3', ts: null }];
    expect(await adapter.probe('CRONUS')).not.to.equal(afterDelete);
  });

  it('a company whose SQL table names replace `.`, `/`, `\\` or `%` keeps its own name as the dossier id (the ledger\'s dossier id, issue 16)', async () => {
    const company = 'DOSSIER 2\\x Ltd.';
    const server = scriptedSqlServer((sql) => (sql.includes('Company Information]') ? [DOSSIER_ROW] : []));
    opened.push(server.db);
    const adapter = new BusinessCentralAdapter(server.db, parseConfiguration({ ...CONFIG, company }), new ChangeTrackingLog(TRACKED_TABLES));
    const [dossier] = await collect(adapter.listDossiers());
    expect(dossier.id).to.equal(company);
    await collect(adapter.read(company, 'account'));
    expect(server.statements.some((statement) => statement.sql.includes('DOSSIER 2_x Ltd_$G_L Account'))).to.equal(true);
    await adapter.close();
  });

  it('lists its one dossier: the company', async () => {
    const { adapter } = adapterAnswering(() => []);
    expect(await collect(adapter.listDossiers())).to.deep.equal([{ id: 'CRONUS', name: 'CRONUS BV', currency: 'EUR', country: 'BE', vatNumber: 'BE0412345678' }]);
    await adapter.close();
  });
});
