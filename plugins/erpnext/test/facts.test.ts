import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { Matching, replay } from '@ledgersync/sdk';
import { ErpnextRowWriter } from '../src/fixture/rows';
import { ERPNEXT_TABLES } from '../src/fixture/tables';
import { undoneSplits } from '../src/fixture/unreconciled';
import { bakery, stateOf } from './fixtures';

/*
 * The fixture's DDL against the doctype definitions read from frappe/erpnext (test/facts/): every
 * column the fixture gives a doctype is a field of that doctype (or listed as not read), and its
 * SQL type is the one Frappe gives the fieldtype (frappe/database/mariadb: Currency → decimal(21,9),
 * Date → date, Check → int, Link/Dynamic Link/Data/Select → varchar(140), Text → text).
 */
interface BehaviourFact {
  fact: string;
  source: { repository: string; path: string; function?: string; commit?: string };
  rule?: Record<string, unknown>;
  usedBy?: string[];
}

interface DoctypeFacts {
  source: { repository: string; path: string; commit?: string };
  fields: Record<string, string>;
  options?: Record<string, unknown>;
  notRead?: string[];
}

const facts = JSON.parse(readFileSync(join(__dirname, '..', '..', 'test', 'facts', 'doctype-fields.json'), 'utf8')) as { doctypes: Record<string, DoctypeFacts>; behaviour: BehaviourFact[] };
const behaviourOf = (path: string, fn: string) => facts.behaviour.find((b) => b.source.path === path && b.source.function?.split(', ').includes(fn))!;
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

  it('every behaviour fact with a rule was read at a named commit, and the files that rely on it exist', () => {
    for (const b of facts.behaviour.filter((f) => f.rule || f.usedBy)) {
      expect(b.source.commit, b.fact).to.match(/^[0-9a-f]{40}$/);
      for (const file of b.usedBy ?? []) expect(existsSync(join(__dirname, '..', '..', file)), `${file} (${b.source.path})`).to.equal(true);
    }
  });

  it('the fixture writes a payment line allocated against two invoices as payment_entry.add_party_gl_entries and utils.get_payment_ledger_entries say', () => {
    const partyRows = behaviourOf('erpnext/accounts/doctype/payment_entry/payment_entry.py', 'add_party_gl_entries').rule!;
    const pleRows = behaviourOf('erpnext/accounts/utils.py', 'get_payment_ledger_entries').rule!;
    const ledger = bakery();
    const state = stateOf(ledger, [...replay(ledger)][1]);
    const held = state.source.matching.get('M0001')!;
    // BNK-2025-0001 line 2 (−1512.50 on 400000): 800.00 to VK-2025-0001, 512.50 to VK-2025-0003, 200.00 unallocated
    const references = ['VK-2025-0001', 'VK-2025-0003'];
    const items = [{ entryId: references[0], line: 1, amount: 80000 }, { entryId: references[1], line: 1, amount: 51250 }, { entryId: 'BNK-2025-0001', line: 2, amount: -131250 }];
    state.source.matching.set('M0001', { ...held, record: { ...(held.record as Matching), items } });
    const rows = new ErpnextRowWriter(1, state.dossier, state.source, new Map()).write();
    const party = rows['GL Entry'].filter((r) => r.voucher_no === 'BNK-2025-0001' && r.account === '400000');
    for (const reference of references) expect(party.filter((r) => r.against_voucher === reference), reference).to.have.length(partyRows.partyRowsPerReference as number);
    expect(party.filter((r) => (r.against_voucher ?? null) === partyRows.unallocatedRowAgainst)).to.have.length(partyRows.unallocatedRows as number);
    const ple = rows['Payment Ledger Entry'].filter((r) => r.voucher_no === 'BNK-2025-0001');
    for (const row of party.filter((r) => r.against_voucher)) {
      expect(ple.filter((p) => p.against_voucher_no === row.against_voucher && Number(p.amount) === Number(row.debit) - Number(row.credit))).to.have.length(pleRows.pleRowsPerPartyGlRow as number);
    }
  });

  it('the fixture undoes a matching split per reference as utils.update_accounting_ledgers_after_reference_removal says', () => {
    const undoing = behaviourOf('erpnext/accounts/utils.py', 'update_accounting_ledgers_after_reference_removal').rule!;
    const ledger = bakery();
    const split = stateOf(ledger, [...replay(ledger)][1]);
    const held = split.source.matching.get('M0001')!;
    const items = [{ entryId: 'VK-2025-0001', line: 1, amount: 100000 }, { entryId: 'VK-2025-0003', line: 1, amount: 51250 }, { entryId: 'BNK-2025-0001', line: 2, amount: -151250 }];
    split.source.matching.set('M0001', { ...held, record: { ...(held.record as Matching), items } });
    const before = new ErpnextRowWriter(1, split.dossier, split.source, new Map());
    const written = before.write();
    const undone = stateOf(ledger, [...replay(ledger)][1]);
    undone.source.matching.delete('M0001');
    undone.clock = new Date(Date.parse(split.clock) + 86400000).toISOString();
    undone.deleted = [{ entity: 'matching', id: 'M0001' }];
    const rows = new ErpnextRowWriter(2, undone.dossier, undone.source, new Map(), undoneSplits(before.writtenSplits(), new Map(), undone)).write();
    const party = (r: Record<string, Record<string, unknown>[]>) => r['GL Entry'].filter((g) => g.voucher_no === 'BNK-2025-0001' && g.account === '400000');
    expect(party(rows).map((g) => g.idx), 'the rows stay split').to.deep.equal(undoing.rowsKept ? party(written).map((g) => g.idx) : [2]);
    for (const row of party(rows)) expect(row.against_voucher ?? null).to.equal(undoing.glAgainstVoucher);
    const ple = rows['Payment Ledger Entry'].filter((p) => p.voucher_no === 'BNK-2025-0001');
    expect(ple).to.have.length(2);
    for (const row of ple) {
      expect(row.against_voucher_no, String(undoing.pleAgainstVoucherNo)).to.equal(row.voucher_no);
      expect(row.against_voucher_type).to.equal(row.voucher_type);
      expect(row.delinked).to.equal(undoing.delinked);
      expect(row.modified).to.not.equal(row.creation);
    }
  });

  it('the Payment Ledger account types the matchings sign by are the doctype’s Select options', () => {
    expect(facts.doctypes['Payment Ledger Entry'].options!.account_type).to.deep.equal(['Receivable', 'Payable']);
  });
});
