import { expect } from 'chai';
import { openStateStore } from '../../src/state';
import { forEachDatabase } from './databases';

forEachDatabase('state store', (freshDatabase) => {
  it('migrates once, reopens without migrating again, and keeps ids apart by case, ordered by code point', async () => {
    const config = await freshDatabase();
    const first = await openStateStore(config);
    const staging = first.staging('cs-1');
    const row = (id: string) => ({ entity: 'account' as const, id, origin: 'source' as const, bucket: 4_000_000_000, fingerprint: 'ffffffffffffffff', marker: 'm', digest: 'd', recordJson: '{}' });
    await staging.put([row('abc'), row('ABC'), row('abd')]);
    await first.close();
    const second = await openStateStore(config);
    try {
      const found = await second.staging('cs-1').byIds('account', ['abc', 'ABC', 'abd', 'abe']);
      expect([...found.keys()].sort()).to.deep.equal(['ABC', 'abc', 'abd']);
      expect(found.get('abc')!.bucket).to.equal(4_000_000_000);
      const iterated: string[] = [];
      for await (const batch of second.staging('cs-1').iterate('account', 2)) iterated.push(...batch.map((r) => r.id));
      expect(iterated).to.deep.equal(['ABC', 'abc', 'abd']);
    } finally {
      await second.close();
    }
  });
});
