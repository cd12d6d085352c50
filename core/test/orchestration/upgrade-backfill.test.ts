import { truthOf } from '@ledgersync/sdk';
import { expect } from 'chai';
import { isMonthlyFullNight, nextNight } from '../../src/platform';
import { publicLedgers } from '../platform/support/ledgers';
import { expectPlatformEquals } from './support/compare';
import { Harness, materialise } from './support/harness';

describe('upgrade backfill', function () {
  this.timeout(60_000);

  it('schedules full syncs of the upgraded adapter’s dossiers over the following nights; they bring the platform equal to the source', async () => {
    const ledgers = publicLedgers();
    const harness = await new Harness({ ledgers, backfillNights: 2 }).start();
    try {
      for (const [n, ledger] of ledgers.entries()) {
        materialise(harness.plays[n], 0);
        await harness.call('POST', `/api/dossiers/${ledger.dossier.id}/sync`, { kind: 'full' });
      }
      await harness.connector.drain();

      // the office installs version 1.1.0, whose manifest asks for a backfill when upgrading from < 1.1.0
      const backfill = { whenUpgradingFrom: '<1.1.0', reason: 'matchings of earlier versions missed partial payments' };
      harness.connector = harness.newConnector('1.1.0', backfill);
      const queued = await harness.connector.register();
      expect(queued.map((t) => [t.dossierId, t.kind, t.origin, t.state])).to.have.deep.members(ledgers.map((l) => [l.dossier.id, 'full', 'backfill', 'queued']));
      const first = nextNight(harness.clock.now());
      expect(queued.map((t) => t.notBefore).sort(), 'one dossier a night').to.deep.equal([first.toISOString(), new Date(first.getTime() + 86_400_000).toISOString()]);
      expect(queued[0].history[0].note).to.equal(`upgrade backfill: ${backfill.reason}`);
      expect(await harness.connector.register(), 'a restart on the same version asks for nothing').to.deep.equal([]);
      expect(await harness.connector.drain(), 'nothing runs before its night').to.deep.equal([]);
      for (const [n] of ledgers.entries()) materialise(harness.plays[n], 1);
      const night = first.toISOString().slice(0, 10);
      const planned = await harness.platform.planNight(night);
      const [sooner, later] = [...queued].sort((a, b) => (a.notBefore < b.notBefore ? -1 : 1));
      expect(planned.find((t) => t.dossierId === sooner.dossierId)?.id, 'tonight\'s backfill becomes tonight\'s sync').to.equal(sooner.id);
      expect(planned.find((t) => t.dossierId === later.dossierId)?.id, 'the nightly plan leaves a later night\'s backfill where it is').to.not.equal(later.id);
      harness.clock.set(new Date(first.getTime() + 60_000));
      const firstNight = await harness.connector.drain();
      expect(firstNight.map((t) => [t.dossierId, t.origin, t.kind, t.state])).to.have.deep.members([
        [sooner.dossierId, 'backfill', 'full', 'succeeded'],
        isMonthlyFullNight(later.dossierId, night) ? [later.dossierId, 'monthly', 'full', 'succeeded'] : [later.dossierId, 'nightly', 'incremental', 'succeeded'],
      ]);
      expect((await harness.platform.tasks.get(later.id)).state).to.equal('queued');

      harness.clock.set(new Date(first.getTime() + 86_400_000 + 60_000));
      const secondNight = await harness.connector.drain();
      expect(secondNight.map((t) => [t.id, t.origin, t.state])).to.deep.equal([[later.id, 'backfill', 'succeeded']]);
      for (const [n, ledger] of ledgers.entries()) {
        await expectPlatformEquals(harness.platform, ledger.dossier.id, truthOf(ledger, harness.plays[n].steps[1]).state, `${ledger.name} after the backfill`);
      }
      for (const dossier of await harness.platform.dossiers.list()) expect(dossier.adapterVersion).to.equal('1.1.0');
    } finally {
      await harness.stop();
    }
  });
});
