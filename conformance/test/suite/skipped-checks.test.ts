import { expect } from 'chai';
import { AdapterFactory } from '@ledgersync/sdk';
import { formatReport, PUBLIC_LEDGERS, runConformance } from '../../src';
import { exampleAdapter, withCapabilities } from '../support/capabilities';

/** The example adapter without `push`: the closed-period-edit ledger's proposal step cannot run. */
const withoutPush: AdapterFactory = (configuration) => withCapabilities(exampleAdapter(configuration), { push: false });

describe('conformance suite: checks switched off by capabilities', function () {
  this.timeout(120_000);
  const ledgers = [PUBLIC_LEDGERS[1]];

  it('fails a check a capability switched off when no reason is written', async () => {
    const report = await runConformance({ plugin: { factory: withoutPush, adapterId: 'no-push' }, ledgers });
    const proposals = report.results.filter((r) => r.check === 'proposals');
    expect(proposals).to.have.length(1);
    expect(proposals[0]).to.include({ status: 'failed', step: 2, message: 'capabilities().push is false, and conformance.skip.proposals gives no written reason' });
    expect(report.passed).to.equal(false);
  });

  it('skips it with the written reason, shows the reason in the report, and passes', async () => {
    const reason = 'the package has no API to book entries yet (planned for 2.0)';
    const report = await runConformance({ plugin: { factory: withoutPush, adapterId: 'no-push', config: { skip: { proposals: reason } } }, ledgers });
    expect(report.results.find((r) => r.check === 'proposals')).to.include({ status: 'skipped', message: `${reason} (capabilities().push is false)` });
    expect(report.results.filter((r) => r.check === 'expect' && r.step! > 2).map((r) => r.status)).to.deep.equal(['skipped', 'skipped']);
    expect(report.passed, formatReport(report)).to.equal(true);
    expect(formatReport(report)).to.match(/skip proposals +the package has no API to book entries yet/);
  });

  it('refuses a written reason for a check that cannot be skipped', async () => {
    const report = await runConformance({ plugin: { factory: withoutPush, adapterId: 'no-push', config: { skip: { records: 'too strict', proposals: 'no API' } } }, ledgers });
    expect(report.results.find((r) => r.check === 'manifest' && r.status === 'failed')?.message).to.equal('conformance.skip names records, which is not optional: it cannot be skipped');
    expect(report.passed).to.equal(false);
  });
});
