import { LedgersyncError } from '../errors';
import { DossierInfo } from '../model/entities';
import { mixSeed } from './random';

/** What to generate. Everything is derived from `seed`: the same options give the same ledger. */
export interface DossierOptions {
  seed: number;
  /** Entries in the ledger (about 4.1 lines each on average). */
  entries: number;
  /** Entries the calendar is laid out for (default `entries`): leave room for entries a history adds later. */
  capacity?: number;
  /** Counterparties, customers and suppliers alternating (default: entries / 40, at least 4, at most 20,000). */
  counterparties?: number;
  /** Fiscal years the entries spread over (default: one per 100,000 entries, at least 1, at most 10). */
  fiscalYears?: number;
  /** The first fiscal year (default 2021). */
  firstYear?: number;
  dossier?: DossierInfo;
  /**
   * Format 1.1 (default false): one sales cycle in seven in a foreign currency (`currencyAmount`
   * on every line), employee expense claims and shareholder's-account entries among the general
   * entries, employee and other counterparties, and a closing entry (`kind: closing`) per closed
   * fiscal year, after the `entries` regular ones.
   */
  realBooks?: boolean;
}

/** The options resolved: what every generating function reads. */
export interface DossierShape {
  seed: number;
  entries: number;
  capacity: number;
  /** Groups of five entries (sales invoice, purchase invoice, their two bank settlements, a general entry). */
  cycles: number;
  counterparties: number;
  fiscalYears: number;
  firstYear: number;
  dossier: DossierInfo;
  realBooks: boolean;
}

/** Options a generator cannot work with; names the option. */
export class GeneratorOptionsError extends LedgersyncError {
  constructor(readonly option: string, detail: string) {
    super('GENERATOR_OPTIONS_INVALID', `generator option ${option}: ${detail}`);
  }
}

export const ENTRIES_PER_CYCLE = 5;

export function dossierShape(options: DossierOptions): DossierShape {
  const { seed, entries } = options;
  requireInteger('seed', seed, 0, 0xffffffff);
  requireInteger('entries', entries, 0, 1e9);
  const capacity = options.capacity ?? entries;
  requireInteger('capacity', capacity, entries, 1e9);
  const counterparties = options.counterparties ?? Math.min(20000, Math.max(4, Math.floor(entries / 40)));
  requireInteger('counterparties', counterparties, 2, 1e7);
  const fiscalYears = options.fiscalYears ?? Math.min(10, Math.max(1, Math.ceil(capacity / 100000)));
  requireInteger('fiscalYears', fiscalYears, 1, 100);
  const firstYear = options.firstYear ?? 2021;
  requireInteger('firstYear', firstYear, 1900, 9000);
  const dossier = options.dossier ?? {
    id: `BE0${String(100000000 + (mixSeed(seed, 0xd0) % 900000000))}`,
    name: `Generated dossier ${seed}`,
    currency: 'EUR',
    country: 'BE',
  };
  if (options.realBooks !== undefined && typeof options.realBooks !== 'boolean') throw new GeneratorOptionsError('realBooks', `must be true or false, got ${JSON.stringify(options.realBooks)}`);
  return { seed, entries, capacity, cycles: Math.ceil(capacity / ENTRIES_PER_CYCLE), counterparties, fiscalYears, firstYear, dossier, realBooks: options.realBooks ?? false };
}

function requireInteger(option: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new GeneratorOptionsError(option, `must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
}
