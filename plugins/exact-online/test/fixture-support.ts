import { ExtractionAdapter, RecordedLedger, replay, ReplayedStep } from '@ledgersync/sdk';
import { createExactOnlineAdapter } from '../src';
import { ExactOnlineFixtureDriver } from '../src/fixture';
import { services } from './support';

/** A ledger served through the fixture driver, stepped by hand. */
export class ServedLedger {
  readonly driver = new ExactOnlineFixtureDriver();
  readonly steps: ReplayedStep[];
  adapter!: ExtractionAdapter;
  /** HTTP calls the adapter made so far: Exact's quota counts calls. */
  calls = 0;
  /** The adapter configuration the driver gave (its fixture host and secrets). */
  configuration: Record<string, unknown> = {};

  constructor(readonly ledger: RecordedLedger) {
    this.steps = [...replay(ledger)];
  }

  async start(): Promise<this> {
    const counted = services();
    this.configuration = await this.driver.setUp(this.ledger);
    this.adapter = createExactOnlineAdapter(this.configuration, {
      ...counted,
      http: { fetch: (input, init) => ((this.calls += 1), counted.http.fetch(input, init)) },
    });
    return this;
  }

  async goTo(index: number): Promise<void> {
    const replayed = this.steps[index];
    await this.driver.materialise({ step: index, dossier: this.ledger.dossier, clock: replayed.marker, source: replayed.source, deleted: replayed.deleted });
  }

  /** Serves `ledger` for the length of `use`, then tears the fixture down. */
  static async with(ledger: RecordedLedger, use: (served: ServedLedger, dossierId: string) => Promise<void>): Promise<void> {
    const served = await new ServedLedger(ledger).start();
    try {
      await use(served, ledger.dossier.id);
    } finally {
      await served.stop();
    }
  }

  async stop(): Promise<void> {
    await this.driver.tearDown();
    await this.adapter.close();
  }
}
