import { expect } from 'chai';
import knex from 'knex';
import { Entry, replay } from '@ledgersync/sdk';
import { generateLedger } from '@ledgersync/conformance';
import { BcCodeKeys, bcRowsOf, CanonicalState, CompanyTables, PostingNumbers } from '../src';
import { FACTS } from './facts.test';

describe('business-central: ledger values that do not fit a Code[20] key are mapped (fixture/code-keys.ts)', () => {
  it('keeps a value BC holds as written, maps one that is too long or that BC would uppercase, and maps back', () => {
    const keys = new BcCodeKeys(20);
    expect(keys.bcKey('INV 00001')).to.equal('INV 00001');
    for (const value of ['INV 00001 «ß» R-00001-LONG-NUMBER', 'inv 00001', ' INV 1']) {
      const key = keys.bcKey(value);
      expect(key, value).to.not.equal(value);
      expect(key.length, value).to.be.at.most(20);
      expect(key, value).to.equal(key.toUpperCase());
      expect(keys.bcKey(value), 'stable').to.equal(key);
      expect(keys.ledgerValue(key)).to.equal(value);
    }
    expect(keys.ledgerValue('INV 00001')).to.equal('INV 00001');
  });

  it('the length is BC\'s own: G/L Entry "Document No." is Code[20] and Code values are uppercase (test/facts)', () => {
    expect(FACTS.tables['G/L Entry'].fields['Document No.']).to.equal('Code[20]');
    const code = (FACTS as unknown as { dataTypes: Record<string, { source: string; behaviour: string }> }).dataTypes.Code;
    expect(code.source).to.match(/^https:\/\/learn\.microsoft\.com\//);
    expect(code.behaviour).to.match(/uppercase/i);
  });

  it('the SQL the fixture emits writes the mapped Document No. (knex mssql, bound), never the long one', () => {
    const ledger = generateLedger(1, { invoices: 12 });
    const last = [...replay(ledger)].pop()!;
    const records = <T>(entity: keyof typeof last.source) => [...last.source[entity].entries()].map(([id, held]) => ({ ...(held.record as object), id }) as T);
    const entries = records<Entry>('entry');
    const long = entries.find((entry) => entry.number.length > 20)!;
    expect(long, 'seed 1 has a document number over 20 characters').to.not.equal(undefined);
    const keys = new BcCodeKeys(20);
    const state = {
      dossier: ledger.dossier, fiscalYears: records('fiscalYear'), periods: records('period'), journals: records('journal'), accounts: records('account'),
      counterparties: records('counterparty'), entries, matchings: records('matching'),
    } as CanonicalState;
    const rows = bcRowsOf(state, new PostingNumbers(), keys);
    const row = rows.glEntry.find((candidate) => candidate['Document No_'] === keys.bcKey(long.number))!;
    expect(row).to.not.equal(undefined);
    const compiled = knex({ client: 'mssql' })(new CompanyTables('CRONUS').name('glEntry')).insert(row).toSQL();
    expect(compiled.bindings).to.include(keys.bcKey(long.number));
    expect(compiled.bindings).to.not.include(long.number);
    expect(compiled.sql).to.not.contain(long.number);
    for (const written of [...rows.glEntry, ...rows.custLedgerEntry, ...rows.vendorLedgerEntry]) expect(String(written['Document No_']).length).to.be.at.most(20);
  });
});
