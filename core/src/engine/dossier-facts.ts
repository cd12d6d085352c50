import { DossierFacts, ExtractionAdapter } from '@ledgersync/sdk';
import { guarded } from './adapter-calls';

/**
 * What the record checks need of the dossier itself: its book currency, read through the adapter's
 * own `listDossiers()` (the 1.1 check that no `currencyAmount` sits on a book-currency entry).
 * A dossier the adapter does not list gives no facts: the checks that need them are skipped. So does
 * an adapter object without the method (a wrapper that spread a class instance loses it): a sync
 * does not need the listing to run, only to check this one invariant.
 */
export async function readDossierFacts(adapter: ExtractionAdapter, dossierId: string): Promise<DossierFacts> {
  if (typeof adapter.listDossiers !== 'function') return {};
  for await (const dossier of guarded('listDossiers', dossierId, undefined, () => adapter.listDossiers())) {
    if (dossier.id === dossierId) return { bookCurrency: dossier.currency };
  }
  return {};
}
