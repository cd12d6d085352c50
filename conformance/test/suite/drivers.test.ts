import { expect } from 'chai';
import { RecordedLedger } from '@ledgersync/sdk';
import { DriverLimitations, PUBLIC_LEDGERS, RecordedLedgerDriver, runConformance, SourceState } from '../../src';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeGeneratedLedgers } from '../../src/generate';
import { EXAMPLE_PLUGIN_DIR, BAD_RECORDS_LEDGER } from '../support/paths';

/** A backend with NOT NULL columns: it cannot hold the ledger's bad records. */
class StrictDriver extends RecordedLedgerDriver {
  override readonly limitations: DriverLimitations = { badRecords: 'NOT NULL columns refuse incomplete rows' };
}

/** A backend that breaks down on the second step of one ledger. */
class FailingDriver extends RecordedLedgerDriver {
  private ledgerName = '';
  override async setUp(ledger: RecordedLedger): Promise<Record<string, unknown>> {
    this.ledgerName = ledger.name;
    return super.setUp(ledger);
  }
  override async materialise(state: SourceState): Promise<void> {
    if (this.ledgerName === 'garage-bad-records' && state.step === 1) throw new Error('disk full while writing step 1');
    return super.materialise(state);
  }
}

describe('conformance suite: fixture drivers', function () {
  this.timeout(120_000);

  it('does not materialise bad records a backend cannot hold, and skips the bad-records check with the driver’s reason', async () => {
    const report = await runConformance({ plugin: EXAMPLE_PLUGIN_DIR, driver: () => new StrictDriver(), ledgers: [BAD_RECORDS_LEDGER], runtime: 'in-process' });
    const badRecords = report.results.filter((r) => r.check === 'bad-records');
    expect(badRecords.map((r) => r.status)).to.deep.equal(['skipped', 'skipped', 'skipped']);
    expect(badRecords[0].message).to.equal('the backend cannot hold bad records: NOT NULL columns refuse incomplete rows');
    expect(report.results.filter((r) => r.status === 'failed')).to.deep.equal([]);
  });

  it('brings a bad record back once a later step mends it, with the records that hang on it (failed before: the mended entries stayed dropped and the expected figures failed)', async () => {
    const files = writeGeneratedLedgers([1], { invoices: 6, wideLines: 12 });
    try {
      const report = await runConformance({ plugin: EXAMPLE_PLUGIN_DIR, driver: () => new StrictDriver(), ledgers: files, runtime: 'in-process', resumePageSize: 40 });
      expect(report.results.filter((r) => r.status === 'failed').map((r) => `${r.step} ${r.check}: ${r.message}`)).to.deep.equal([]);
      expect(report.results.filter((r) => r.check === 'expect' && r.status === 'passed').length).to.be.greaterThan(3);
    } finally {
      rmSync(dirname(files[0]), { recursive: true, force: true });
    }
  });

  it('reports a ledger whose run stopped, and still runs the next ledger', async () => {
    const report = await runConformance({ plugin: EXAMPLE_PLUGIN_DIR, driver: () => new FailingDriver(), ledgers: [BAD_RECORDS_LEDGER, PUBLIC_LEDGERS[0]], runtime: 'in-process' });
    expect(report.passed).to.equal(false);
    const stopped = report.results.find((r) => r.status === 'failed');
    // the phase and step where it stopped, and where in the code (the stack), not only the message
    expect(stopped).to.include({ check: 'records', ledger: 'garage-bad-records', step: 1, message: 'the run stopped (replay, step 1): disk full while writing step 1' });
    expect(stopped?.details?.[0]).to.match(/^at FailingDriver\.materialise .*drivers\.test\.(ts|js)/);
    expect(report.results.filter((r) => r.ledger === 'bakery-basic' && r.check === 'records').map((r) => r.status)).to.deep.equal(['passed', 'passed', 'passed', 'passed']);
  });
});
