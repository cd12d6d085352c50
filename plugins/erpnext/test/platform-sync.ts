import { createDiffEngine, DiffEngine, openStateStore, Platform, portalFigures, StateStore, SyncResult } from '@ledgersync/core';
import { ExtractionAdapter } from '@ledgersync/sdk';

/**
 * The real path a connector runs, for a test: core's diff engine with its SQLite state store,
 * sending changesets to the platform reference store (SQLite), whose figures are computed in SQL as
 * the portal computes them. One instance is one connector's life: later syncs are incremental
 * against what the earlier ones sent.
 */
export class PlatformSync {
  private constructor(private readonly store: StateStore, private readonly engine: DiffEngine, readonly platform: Platform) {}

  static async open(): Promise<PlatformSync> {
    const store = await openStateStore({ client: 'sqlite', filename: ':memory:' });
    const platform = await Platform.open({ client: 'sqlite', filename: ':memory:' });
    return new PlatformSync(store, createDiffEngine({ store }), platform);
  }

  /** Registers every dossier the adapter lists (as a connector's registration does); returns their ids. */
  async register(adapter: ExtractionAdapter, adapterId: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const dossier of adapter.listDossiers()) {
      await this.platform.dossiers.register({ id: dossier.id, name: dossier.name, currency: dossier.currency, connectorId: 'acceptance', adapterId, adapterVersion: '1.0.0' });
      ids.push(dossier.id);
    }
    return ids;
  }

  sync(adapter: ExtractionAdapter, dossierId: string, kind: 'full' | 'incremental'): Promise<SyncResult> {
    return this.engine.sync(adapter, dossierId, { kind, receiver: this.platform.receiver });
  }

  /** The platform's trial balance and open items of a dossier (its figures API). */
  async figures(dossierId: string): Promise<{ trialBalance: Record<string, number>; openItems: Record<string, number> }> {
    const { trialBalance, openItems } = await portalFigures(this.platform.db, dossierId);
    return { trialBalance, openItems };
  }

  async close(): Promise<void> {
    await this.store.close();
    await this.platform.close();
  }
}
