import { EntityName } from '@ledgersync/sdk';
import { accounts } from './accounts';
import { counterparties } from './counterparties';
import { entries } from './entries';
import { fiscalYears, periods } from './fiscal-calendar';
import { journals } from './journals';
import { EntityMapping } from './mapping';
import { matchings } from './matchings';

export const MAPPINGS: { [E in EntityName]: EntityMapping<E> } = {
  fiscalYear: fiscalYears,
  period: periods,
  journal: journals,
  account: accounts,
  counterparty: counterparties,
  entry: entries,
  matching: matchings,
};

export * from './mapping';
