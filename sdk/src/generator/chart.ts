import { Account, Counterparty, FiscalYear, Journal, Period } from '../model/entities';
import { seededRandom } from './random';

/**
 * The fixed parts of a generated dossier: a Belgian-style account plan (receivables and payables
 * reconcilable), four journals, fiscal years of twelve monthly periods.
 */
export const GENERATED_ACCOUNTS = {
  receivable: '400000',
  payable: '440000',
  vatReceivable: '411000',
  vatPayable: '451000',
  bank: '550000',
  bankCharges: '657000',
  revenue: ['700000', '701000', '702000', '704000'],
  expenses: ['600000', '604000', '610000', '612000', '613000'],
  general: ['620000', '630000', '640000', '650000', '490000', '492000'],
} as const;

const ACCOUNT_NAMES: Record<string, string> = {
  '400000': 'Trade receivables', '440000': 'Trade payables', '411000': 'VAT recoverable', '451000': 'VAT payable',
  '550000': 'Bank current account', '657000': 'Bank charges', '700000': 'Sales of goods', '701000': 'Sales of services',
  '702000': 'Sales abroad', '704000': 'Other revenue', '600000': 'Purchases of goods', '604000': 'Purchases of merchandise',
  '610000': 'Rent', '612000': 'Energy', '613000': 'Services and fees', '620000': 'Wages', '630000': 'Depreciation',
  '640000': 'Other operating charges', '650000': 'Interest charges', '490000': 'Deferred charges', '492000': 'Accrued charges',
};

export const GENERATED_JOURNALS = { sales: 'VK', purchase: 'AK', bank: 'BNK', general: 'DIV' } as const;

export function* generatedAccounts(): Generator<Account> {
  for (const id of Object.keys(ACCOUNT_NAMES).sort()) {
    const reconcilable = id === GENERATED_ACCOUNTS.receivable || id === GENERATED_ACCOUNTS.payable;
    yield { id, name: ACCOUNT_NAMES[id], reconcilable };
  }
}

export function* generatedJournals(): Generator<Journal> {
  yield { id: GENERATED_JOURNALS.purchase, name: 'Purchases', type: 'purchase' };
  yield { id: GENERATED_JOURNALS.bank, name: 'Bank', type: 'financial' };
  yield { id: GENERATED_JOURNALS.general, name: 'Miscellaneous operations', type: 'general' };
  yield { id: GENERATED_JOURNALS.sales, name: 'Sales', type: 'sales' };
}

/** Fiscal years `first … first+count-1`; all but the last closed, as an office's ledger is. */
export function* generatedFiscalYears(first: number, count: number): Generator<FiscalYear> {
  for (let year = first; year < first + count; year++) {
    yield { id: String(year), start: `${year}-01-01`, end: `${year}-12-31`, status: year < first + count - 1 ? 'closed' : 'open' };
  }
}

export function* generatedPeriods(first: number, count: number): Generator<Period> {
  for (let year = first; year < first + count; year++) {
    for (let month = 1; month <= 12; month++) {
      const mm = String(month).padStart(2, '0');
      const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
      const status = year < first + count - 1 ? 'closed' : 'open';
      yield { id: `${year}-${mm}`, fiscalYearId: String(year), number: month, start: `${year}-${mm}-01`, end: `${year}-${mm}-${last}`, status };
    }
  }
}

const NAMES = ['Janssens', 'Peeters', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'De Smet', 'Dubois', 'Lambert', 'Dupont', 'Martin'];
const TRADES = ['Bakkerij', 'Garage', 'Drukkerij', 'Brouwerij', 'Transport', 'Bouw', 'Consult', 'Verhuur', 'Schrijnwerk', 'Elektro'];
const FORMS = ['BV', 'NV', 'CommV', 'VOF'];
const CITIES: [string, string][] = [['2000', 'Antwerpen'], ['9000', 'Gent'], ['3000', 'Leuven'], ['8000', 'Brugge'], ['1000', 'Brussel'], ['3500', 'Hasselt']];

/** Counterparty `index` (customers on even indices, suppliers on odd ones), some without optional fields. */
export function generatedCounterparty(seed: number, index: number): Counterparty {
  const random = seededRandom(seed, 0xc0, index);
  const type = index % 2 === 0 ? 'customer' : 'supplier';
  const id = `${type === 'customer' ? 'C' : 'S'}${String(Math.floor(index / 2) + 1).padStart(5, '0')}`;
  const name = `${random.pick(TRADES)} ${random.pick(NAMES)} ${random.pick(FORMS)}`;
  const counterparty: Counterparty = { id, type, name };
  if (random.chance(0.8)) counterparty.vatNumber = `BE0${String(random.int(100000000, 999999999))}`;
  if (random.chance(0.6)) counterparty.email = `${id.toLowerCase()}@example.be`;
  if (random.chance(0.5)) counterparty.iban = `BE${String(random.int(10, 99))}${String(random.int(100000000000, 999999999999))}`;
  if (random.chance(0.7)) {
    const [postalCode, city] = random.pick(CITIES);
    counterparty.address = { street: `${random.pick(NAMES)}straat ${random.int(1, 200)}`, postalCode, city, country: 'BE' };
  }
  return counterparty;
}
