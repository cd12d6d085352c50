import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { ERPNEXT_TABLES } from '../src/fixture/tables';

/*
 * The fixture's DDL against the doctype definitions read from frappe/erpnext (test/facts/): every
 * column the fixture gives a doctype is a field of that doctype (or listed as not read), and its
 * SQL type is the one Frappe gives the fieldtype (frappe/database/mariadb: Currency → decimal(21,9),
 * Date → date, Check → int, Link/Dynamic Link/Data/Select → varchar(140), Text → text).
 */
interface DoctypeFacts {
  source: { repository: string; path: string; commit?: string };
  fields: Record<string, string>;
  options?: Record<string, unknown>;
  notRead?: string[];
}

const facts = JSON.parse(readFileSync(join(__dirname, '..', '..', 'test', 'facts', 'doctype-fields.json'), 'utf8')) as { doctypes: Record<string, DoctypeFacts> };
const SQL_TYPE: Record<string, RegExp> = {
  Currency: /^decimal\(21,9\)/, Date: /^date$/, Check: /^int\b/, Link: /^varchar\(140\)$/, 'Dynamic Link': /^varchar\(140\)$/, Data: /^varchar\(140\)$/, Select: /^varchar\(140\)$/, Text: /^(long)?text$/,
};

describe('erpnext fixture: DDL matches the doctype definitions read from frappe/erpnext', () => {
  for (const [doctype, known] of Object.entries(facts.doctypes)) {
    it(`${doctype}: every fixture column is a field of ${known.source.path}, with Frappe's column type`, () => {
      expect(known.source.repository).to.equal('frappe/erpnext');
      const columns = ERPNEXT_TABLES[doctype];
      expect(columns, `the fixture has tab${doctype}`).to.be.an('object');
      for (const [column, type] of Object.entries(columns)) {
        if (known.notRead?.includes(column)) continue;
        const fieldtype = known.fields[column];
        expect(fieldtype, `${doctype}.${column} is not a field of ${known.source.path}`).to.be.a('string');
        expect(type, `${doctype}.${column} (${fieldtype})`).to.match(SQL_TYPE[fieldtype]);
      }
    });
  }

  it('GL Entry is_opening is the Select of No/Yes the fixture writes and the adapter reads as kind opening', () => {
    expect(facts.doctypes['GL Entry'].options!.is_opening).to.deep.equal(['No', 'Yes']);
    expect(facts.doctypes['GL Entry'].fields.is_opening).to.equal('Select');
  });

  it('every behaviour the adapter relies on names its source in frappe/erpnext', () => {
    const behaviour = (facts as unknown as { behaviour: { fact: string; source: { repository: string; path: string } }[] }).behaviour;
    expect(behaviour.map((b) => b.source.path)).to.include.members(['erpnext/accounts/doctype/payment_entry/payment_entry.py', 'erpnext/accounts/utils.py']);
    for (const b of behaviour) expect(b.source.repository, b.fact).to.equal('frappe/erpnext');
  });

  it('the Payment Ledger account types the matchings sign by are the doctype’s Select options', () => {
    expect(facts.doctypes['Payment Ledger Entry'].options!.account_type).to.deep.equal(['Receivable', 'Payable']);
  });
});
