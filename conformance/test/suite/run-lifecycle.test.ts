import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { AdapterFactory, ExtractionAdapter, markerOf, readRecordedLedgerFile, RecordedLedger } from '@ledgersync/sdk';
import { PUBLIC_LEDGERS, RecordedLedgerDriver, runConformance, SourceState } from '../../src';
import { exampleAdapter } from '../support/capabilities';
import { STAMPING_PLUGIN_DIR } from '../support/paths';

/** Adapters open on the backend right now, as a database server would count its connections. */
const open = new Set<ExtractionAdapter>();

const counted: AdapterFactory = (configuration) => {
  const adapter = exampleAdapter(configuration);
  open.add(adapter);
  const close = adapter.close.bind(adapter);
  adapter.close = async () => {
    open.delete(adapter);
    await close();
  };
  return adapter;
};

/** A backend that drops its database on tearDown, and refuses while a connection is still open. */
class DroppingDriver extends RecordedLedgerDriver {
  override async tearDown(): Promise<void> {
    if (open.size > 0) throw new Error(`database "ledger" is being accessed by other users (${open.size} open connection(s))`);
    return super.tearDown();
  }
}

describe('conformance suite: adapter lifecycle and the ledger’s clock', function () {
  this.timeout(120_000);

  it('closes every adapter of a phase (the connection check’s included) before the driver tears its backend down', async () => {
    const report = await runConformance({ plugin: { factory: counted, adapterId: 'counted' }, driver: () => new DroppingDriver(), ledgers: PUBLIC_LEDGERS, runtime: 'in-process' });
    expect(report.results.filter((r) => r.status === 'failed').map((r) => r.message)).to.deep.equal([]);
    expect(open.size).to.equal(0);
  });

  it('gives the adapter the step’s time on its clock, and the booked proposal the step’s time as its marker', async () => {
    const ledgerFile = PUBLIC_LEDGERS[1];
    const ledger: RecordedLedger = readRecordedLedgerFile(ledgerFile);
    const proposalStep = ledger.steps.findIndex((step) => step.sync === 'proposal');
    const seenAtPush: Date[] = [];
    // books through the example adapter, but stamps the entry with its own clock, as a package does
    const stamping: AdapterFactory = (configuration, services) => {
      const adapter = exampleAdapter(configuration);
      const push = adapter.push!.bind(adapter);
      adapter.push = async (dossierId, proposal) => {
        seenAtPush.push(services.clock.now());
        return { ...(await push(dossierId, proposal)), marker: services.clock.now().toISOString() };
      };
      return adapter;
    };
    const states: SourceState[] = [];
    class WatchingDriver extends RecordedLedgerDriver {
      override async materialise(state: SourceState): Promise<void> {
        states.push(state);
        return super.materialise(state);
      }
    }
    await runConformance({ plugin: { factory: stamping, adapterId: 'stamping', config: { skip: { resumability: 'not under test here' } } }, driver: () => new WatchingDriver(), ledgers: [ledgerFile], runtime: 'in-process' });
    const stepTime = new Date(markerOf(ledger.steps[proposalStep].at)).getTime();
    expect(seenAtPush.length).to.be.greaterThan(0);
    expect(seenAtPush[0].getTime()).to.equal(stepTime);
    const later = states.filter((state) => state.step > proposalStep);
    const booked = [...later[later.length - 1].source.entry.values()].filter((held) => new Date(held.marker).getTime() === stepTime);
    expect(booked.length).to.be.greaterThan(0);
    for (const state of later) for (const held of state.source.entry.values()) expect(new Date(held.marker).getTime()).to.be.below(Date.parse('2026-01-01'));
  });

  it('gives an adapter in the plugin host (its own process) the step’s time too: a pushed proposal’s marker is the step’s, not the machine’s', async () => {
    const ledgerFile = PUBLIC_LEDGERS[1];
    const ledger: RecordedLedger = readRecordedLedgerFile(ledgerFile);
    const proposalStep = ledger.steps.findIndex((step) => step.sync === 'proposal');
    const stamped: string[] = [];
    // reads what the plugin noted before the source file's folder is removed
    class NotingDriver extends RecordedLedgerDriver {
      override async tearDown(): Promise<void> {
        const notes = `${this.sourceFile}.stamped`;
        if (existsSync(notes)) stamped.push(...readFileSync(notes, 'utf8').split('\n').filter(Boolean));
        return super.tearDown();
      }
    }
    const report = await runConformance({ plugin: STAMPING_PLUGIN_DIR, driver: () => new NotingDriver(), ledgers: [ledgerFile] });
    expect(report.runtime.kind).to.equal('isolated');
    expect(stamped.length).to.be.greaterThan(0);
    for (const marker of stamped) expect(marker).to.equal(markerOf(ledger.steps[proposalStep].at));
  });
});
