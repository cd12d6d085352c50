import { DossierInfo, LedgerState } from '@ledgersync/sdk';
import { ChangesetReceiver } from '@ledgersync/core/dist/src/changeset/types';
import { PlatformReplica } from './replica';
import { PlatformUnderTest, PortalFigures } from './platform';

interface CorePlatform {
  receiver: ChangesetReceiver;
  db: unknown;
  dossiers: { register(registration: { id: string; name: string; currency: string; connectorId: string; adapterId: string; adapterVersion: string }): Promise<unknown> };
  close(): Promise<void>;
}

interface CorePlatformModule {
  Platform?: { open(config: { client: 'sqlite'; filename: string }): Promise<CorePlatform> };
  platformState?: (db: unknown, dossierId: string) => Promise<LedgerState>;
  portalFigures?: (db: unknown, dossierId: string) => Promise<PortalFigures>;
}

/**
 * @ledgersync/core's platform reference store on an in-memory SQLite database: pages applied in
 * transactions, figures computed in SQL as the portal computes them.
 */
class PlatformStore implements PlatformUnderTest {
  readonly name = '@ledgersync/core platform store, SQLite (figures computed in SQL)';

  constructor(private readonly platform: CorePlatform, private readonly core: Required<CorePlatformModule>, private readonly plugin: { id: string; version: string }) {}

  get receiver(): ChangesetReceiver {
    return this.platform.receiver;
  }

  async register(dossier: DossierInfo): Promise<void> {
    await this.platform.dossiers.register({ id: dossier.id, name: dossier.name, currency: dossier.currency, connectorId: 'conformance', adapterId: this.plugin.id, adapterVersion: this.plugin.version });
  }

  records(dossierId: string): Promise<LedgerState> {
    return this.core.platformState(this.platform.db, dossierId);
  }

  figures(dossierId: string): Promise<PortalFigures> {
    return this.core.portalFigures(this.platform.db, dossierId);
  }

  close(): Promise<void> {
    return this.platform.close();
  }
}

/** The platform store when core has it; the in-memory replica otherwise (the report names which). */
export async function openPlatform(plugin: { id: string; version: string }): Promise<PlatformUnderTest> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const core = require('@ledgersync/core') as CorePlatformModule;
  if (!core.Platform || !core.platformState || !core.portalFigures) return new PlatformReplica();
  const platform = await core.Platform.open({ client: 'sqlite', filename: ':memory:' });
  return new PlatformStore(platform, core as Required<CorePlatformModule>, plugin);
}
