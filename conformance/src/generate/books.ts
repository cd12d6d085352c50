import { Account, Counterparty, CounterpartyType, FiscalYear, Journal, JournalType, Period, Random } from '@ledgersync/sdk';
import { awkwardId, awkwardName } from './awkward-ids';

/** The records every entry refers to: the books' frame. */
export interface Books {
  fiscalYears: FiscalYear[];
  periods: Period[];
  journals: Record<JournalType, Journal>;
  accounts: { receivable: Account; payable: Account; revenue: Account; expense: Account; vat: Account; bank: Account; equity: Account; suspense: Account };
  counterparties: Counterparty[];
}

const DAY = 86_400_000;
const iso = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * An extended first fiscal year of 18 periods that are not calendar months (P01…P18, each 30 or
 * 31 days from 1 July, with an opening period P00 of one day), then a calendar year of 12.
 */
function fiscalYears(random: Random): { fiscalYears: FiscalYear[]; periods: Period[] } {
  const first: FiscalYear = { id: awkwardId(random, 'FY 2024-25'), start: '2024-07-01', end: '2025-12-31', status: 'closed' };
  const second: FiscalYear = { id: awkwardId(random, 'FY2026'), start: '2026-01-01', end: '2026-12-31', status: 'open' };
  const periods: Period[] = [{ id: `${first.id}/P00`, fiscalYearId: first.id, number: 0, start: first.start, end: first.start, status: 'closed' }];
  const start = Date.parse(`${first.start}T00:00:00Z`);
  const days = Math.round((Date.parse(`${first.end}T00:00:00Z`) - start) / DAY) + 1;
  for (let n = 1; n <= 18; n++) {
    const from = start + Math.floor(((n - 1) * days) / 18) * DAY;
    const to = start + (Math.floor((n * days) / 18) - 1) * DAY;
    periods.push({ id: `P${String(n).padStart(2, '0')}${n === 1 ? '' : ''}`, fiscalYearId: first.id, number: n, start: iso(from), end: iso(to), status: n < 18 ? 'closed' : 'open' });
  }
  for (let month = 1; month <= 12; month++) {
    const from = Date.UTC(2026, month - 1, 1);
    const to = Date.UTC(2026, month, 0);
    periods.push({ id: awkwardId(random, `2026-${String(month).padStart(2, '0')}`, 0.3), fiscalYearId: second.id, number: month, start: iso(from), end: iso(to), status: 'open' });
  }
  return { fiscalYears: [first, second], periods };
}

export function generateBooks(random: Random, counterparties: number): Books {
  const journal = (plain: string, name: string, type: JournalType): Journal => ({ id: awkwardId(random, plain), name: awkwardName(random, name), type });
  const account = (plain: string, name: string, reconcilable: boolean): Account => ({ id: awkwardId(random, plain, 0.4), name: awkwardName(random, name), reconcilable });
  const types: CounterpartyType[] = ['customer', 'supplier', 'employee', 'other'];
  const people: Counterparty[] = [];
  for (let i = 0; i < counterparties; i++) {
    const type = types[i % types.length];
    const party: Counterparty = { id: awkwardId(random, `${type.slice(0, 3).toUpperCase()}${String(i + 1).padStart(4, '0')}`), type, name: awkwardName(random, `Party ${i + 1}`) };
    if (random.chance(0.5)) party.email = `party${i + 1}@example.org`;
    if (random.chance(0.4)) party.vatNumber = `BE0${String(400000000 + i * 7919).slice(0, 9)}`;
    if (random.chance(0.3)) party.iban = `BE68 5390 0754 ${String(7000 + i).padStart(4, '0')}`;
    if (random.chance(0.4)) party.address = { street: awkwardName(random, 'Rue de la Loi 16'), city: random.pick(['Brussel', 'Liège', 'Köln', 'Łódź']), country: random.pick(['BE', 'DE', 'PL']) };
    people.push(party);
  }
  return {
    ...fiscalYears(random),
    journals: { sales: journal('VK', 'Verkopen', 'sales'), purchase: journal('AK', 'Aankopen', 'purchase'), financial: journal('BNK 1', 'Bank', 'financial'), general: journal('DIV', 'Diverse', 'general') },
    accounts: {
      receivable: account('400000', 'Klanten', true),
      payable: account('440000', 'Leveranciers', true),
      revenue: account('700000', 'Omzet', false),
      expense: account('604000', 'Aankopen', false),
      vat: account('451000', 'Btw te betalen', false),
      bank: account('550000', 'Bank', false),
      equity: account('140000', 'Overgedragen resultaat', false),
      suspense: account('499000', 'Wachtrekening', false),
    },
    counterparties: people,
  };
}
