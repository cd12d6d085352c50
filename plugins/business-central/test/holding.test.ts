import { expect } from 'chai';
import { Entry, Matching, Period, portalFigures, readRecordedLedgerFile, recordsOf, replay, SourceSnapshot, validState } from '@ledgersync/sdk';
import { generateLedger } from '@ledgersync/conformance';
import { BC_HOLDING_LOSSES, BusinessCentralFixtureDriver } from '../src';
import { PUBLIC_LEDGERS } from './helpers';

const values = <T>(snapshot: SourceSnapshot, entity: keyof SourceSnapshot): T[] => [...snapshot[entity].values()].map((held) => held.record as T);

/** Sum of amounts per account over all entries: what a trial balance shows. */
function balances(entries: readonly Entry[]): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const entry of entries) for (const line of entry.lines) sums[line.accountId] = (sums[line.accountId] ?? 0) + line.amount;
  return sums;
}

describe('business-central: the fixture driver\'s holding (the ledger as BC holds it)', () => {
  const driver = () => new BusinessCentralFixtureDriver({ url: 'mssql://reader:secret@127.0.0.1:1/?encrypt=false' });

  it('describes the package and backend, and declares its losses with entity, field and reason', () => {
    expect(driver().describes).to.deep.equal({ package: 'Business Central (base application 2x)', backend: 'SQL Server' });
    expect(driver().holding.losses).to.equal(BC_HOLDING_LOSSES);
    for (const loss of BC_HOLDING_LOSSES) expect(loss.reason).to.be.a('string').and.not.equal('');
  });

  for (const file of PUBLIC_LEDGERS) {
    it(`${file.split('/').pop()}: every step held by BC keeps the money, takes BC's ids and derives periods as the adapter does`, () => {
      const ledger = readRecordedLedgerFile(file);
      const bc = driver();
      for (const replayed of replay(ledger)) {
        const label = `step ${replayed.index}`;
        const held = bc.holding.hold({ step: replayed.index, dossier: ledger.dossier, clock: replayed.marker, source: replayed.source, deleted: replayed.deleted });
        const original = values<Entry>(replayed.source, 'entry');
        const entries = values<Entry>(held, 'entry');
        expect(entries, label).to.have.length(original.length);
        expect(balances(entries), label).to.deep.equal(balances(original));
        for (const entry of entries) {
          expect(entry.id, label).to.match(/^\d{10}\|[^|]+\|\d{4}-\d{2}-\d{2}$/);
          expect(entry.lines.reduce((sum, line) => sum + line.amount, 0), `${label} ${entry.id}`).to.equal(0);
          expect(entry, label).not.to.have.property('dueDate');
        }
        const periods = values<Period>(held, 'period');
        for (const period of periods) expect(period.id).to.equal(period.start);
        const byYear = new Map<string, number[]>();
        for (const period of periods) byYear.set(period.fiscalYearId, [...(byYear.get(period.fiscalYearId) ?? []), period.number]);
        for (const numbers of byYear.values()) expect(numbers).to.deep.equal(numbers.map((_, index) => index + 1));
        for (const matching of values<Matching>(held, 'matching')) {
          expect(matching.id).to.match(/^[CV]:\d+$/);
          expect(matching.items.reduce((sum, item) => sum + item.amount, 0), `${label} ${matching.id}`).to.equal(0);
          for (const item of matching.items) expect(held.entry.has(item.entryId), `${label} ${matching.id} → ${item.entryId}`).to.equal(true);
        }
        for (const party of held.counterparty.values()) expect(party.record).not.to.have.property('iban');
      }
    });
  }

  it('a party id longer than Code[20] is held through the id map, and maps back (no refusal)', () => {
    const ledger = readRecordedLedgerFile(PUBLIC_LEDGERS[0]);
    const [first] = [...replay(ledger)];
    const source = first.source;
    source.counterparty.set('C-with-a-number-too-long', { record: { type: 'customer', name: 'Too long' }, marker: first.marker });
    const state = { step: 3, dossier: ledger.dossier, clock: first.marker, source, deleted: [] };
    const bc = driver();
    const held = bc.holding.hold(state);
    const key = bc.keys.partyNos.bcKey('C-with-a-number-too-long');
    expect(key).to.match(/^#[0-9A-F]{19}$/);
    expect(held.counterparty.get(key)?.record).to.deep.include({ name: 'Too long' });
    expect(held.counterparty.has('C-with-a-number-too-long')).to.equal(false);
    expect(bc.keys.partyNos.ledgerValue(key)).to.equal('C-with-a-number-too-long');
  });

  for (const seed of [1, 2, 3]) {
    it(`generated ledger (seed ${seed}): every step is held with its money kept, ids through BC's Code[n] maps (issue 16: every step was refused before)`, () => {
      const ledger = generateLedger(seed, { invoices: 12 });
      const bc = driver();
      const refused: string[] = [];
      const held: number[] = [];
      for (const replayed of replay(ledger)) {
        const label = `seed ${seed} step ${replayed.index}`;
        const state = { step: replayed.index, dossier: ledger.dossier, clock: replayed.marker, source: replayed.source, deleted: replayed.deleted };
        // hold() throws StepNotExpressibleError (STEP_NOT_EXPRESSIBLE) for a step BC cannot take: none of a generated ledger's
        let holding: SourceSnapshot;
        try {
          holding = bc.holding.hold(state);
        } catch (error) {
          refused.push(`${replayed.index}: ${(error as Error).message}`);
          continue;
        }
        // the ledger's own valid records against those BC holds: no declared loss may change money
        const own = validState(ledger.dossier.id, recordsOf(replayed.source), { bookCurrency: ledger.dossier.currency }).state;
        const kept = validState(ledger.dossier.id, recordsOf(holding), { bookCurrency: ledger.dossier.currency }).state;
        // accounts, parties and journals are BC keys (Code[20], Source Code Code[10]) that the driver's id maps take back to the ledger's ids
        const keys = bc.keys;
        for (const id of holding.account.keys()) expect(keys.accountNos.fits(id) && keys.accountNos.ledgerValue(id) !== undefined, `${label} account ${id}`).to.equal(true);
        for (const id of holding.counterparty.keys()) expect(keys.partyNos.fits(id) && keys.partyNos.ledgerValue(id) !== undefined, `${label} party ${id}`).to.equal(true);
        for (const id of holding.journal.keys()) expect(keys.sourceCodes.fits(id) && keys.sourceCodes.ledgerValue(id) !== undefined, `${label} journal ${id}`).to.equal(true);
        const back = (sums: Record<string, number>) => Object.fromEntries(Object.entries(sums).map(([id, sum]) => [keys.accountNos.ledgerValue(id), sum]));
        expect(back(balances([...kept.entry.values()])), label).to.deep.equal(balances([...own.entry.values()]));
        expect(Object.values(portalFigures(kept).openItems).sort(), label).to.deep.equal(Object.values(portalFigures(own).openItems).sort());
        for (const entry of kept.entry.values()) expect(bc.keys.documentNos.fits(entry.number) && bc.keys.documentNos.ledgerValue(entry.number) !== undefined, `${label} ${entry.number}`).to.equal(true);
        const numbers = [...own.entry.values()].map((entry) => entry.number).sort();
        expect([...kept.entry.values()].map((entry) => bc.keys.documentNos.ledgerValue(entry.number)).sort(), `${label}: numbers map back`).to.deep.equal(numbers);
        held.push(replayed.index);
      }
      // nothing of a generated ledger is beyond BC any more: long or lowercase keys go through the id maps, `other` parties with open items become customers
      expect(refused, `seed ${seed}`).to.deep.equal([]);
      expect(held, `seed ${seed}`).to.have.length(ledger.steps.length);
    });
  }
});

