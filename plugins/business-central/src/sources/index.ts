import { EntityName } from '@ledgersync/sdk';
import { accountSource } from './accounts';
import { counterpartySource } from './counterparties';
import { entrySource } from './entries';
import { journalSource } from './journals';
import { matchingSource } from './matchings';
import { fiscalYearSource, periodSource } from './periods';
import { EntitySource } from './source';

export * from './source';

/** Every canonical entity and the BC tables it comes from. */
export const ENTITY_SOURCES: { readonly [E in EntityName]: EntitySource<E> } = {
  fiscalYear: fiscalYearSource,
  period: periodSource,
  journal: journalSource,
  account: accountSource,
  counterparty: counterpartySource,
  entry: entrySource,
  matching: matchingSource,
};
export { entryIdOf, entryIdParts, entryIdSql, transactionOfEntryId, closingDateSql, ENTRY_PAGING_KEY } from './entries';
export { APPLICATION_ENTRY_TYPE, APPLICATION_ADJUSTMENT_TYPES } from './matchings';
