import { ChangesetHeader, ChangesetPage, ChangesetReceiver, ChangesetSummary, PageAck } from '@ledgersync/core/dist/src/changeset/types';
import { DossierInfo, emptyLedgerState, ENTITIES, LedgerState, openItemsInCurrency, portalFigures, yearResults } from '@ledgersync/sdk';
import { PlatformUnderTest, PortalFigures } from './platform';

/**
 * The platform in memory: applies pages in order, acknowledges a page it already applied without
 * applying it again (what every receiver must do), and keeps records as sent.
 */
export class PlatformReplica implements ChangesetReceiver, PlatformUnderTest {
  readonly name = 'in-memory replica (figures computed by the SDK)';
  readonly receiver: ChangesetReceiver = this;
  private readonly states = new Map<string, LedgerState>();
  private readonly lastApplied = new Map<string, number>();
  private readonly bookCurrencies = new Map<string, string>();

  async begin(header: ChangesetHeader): Promise<{ lastApplied: number }> {
    return { lastApplied: this.lastApplied.get(header.changesetId) ?? 0 };
  }

  async apply(page: ChangesetPage): Promise<PageAck> {
    const last = this.lastApplied.get(page.changesetId) ?? 0;
    if (page.sequence <= last) return { changesetId: page.changesetId, sequence: page.sequence, applied: false };
    const state = this.stateOf(page.dossierId);
    for (const operation of page.operations) {
      const records = state[operation.entity] as Map<string, unknown>;
      if (operation.op === 'delete') records.delete(operation.id);
      else records.set(operation.id, structuredClone(operation.record));
    }
    this.lastApplied.set(page.changesetId, page.sequence);
    return { changesetId: page.changesetId, sequence: page.sequence, applied: true };
  }

  async complete(_summary: ChangesetSummary): Promise<void> {
    // nothing to finish: pages were applied as they came
  }

  async records(dossierId: string): Promise<LedgerState> {
    const copy = emptyLedgerState();
    const state = this.stateOf(dossierId);
    for (const entity of ENTITIES) (copy as Record<string, Map<string, unknown>>)[entity] = new Map(state[entity] as Map<string, unknown>);
    return copy;
  }

  async register(dossier: DossierInfo): Promise<void> {
    // a dossier exists on first use; its book currency is what the figures in currency need
    this.bookCurrencies.set(dossier.id, dossier.currency);
  }

  async figures(dossierId: string): Promise<PortalFigures> {
    const state = this.stateOf(dossierId);
    const bookCurrency = this.bookCurrencies.get(dossierId);
    return {
      ...portalFigures(state),
      yearResults: yearResults(state.entry.values()),
      ...(bookCurrency === undefined ? {} : { openItemsInCurrency: openItemsInCurrency(state.entry.values(), state.matching.values(), state.account, bookCurrency) }),
    };
  }

  async close(): Promise<void> {
    this.states.clear();
  }

  private stateOf(dossierId: string): LedgerState {
    let state = this.states.get(dossierId);
    if (!state) this.states.set(dossierId, (state = emptyLedgerState()));
    return state;
  }
}
