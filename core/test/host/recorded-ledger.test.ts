import { expect } from 'chai';
import { ENTITIES, ExtractionAdapter } from '@ledgersync/sdk';
import { RecordedLedgerAdapter, ReplaySourceProvider } from '@ledgersync/example-recorded-ledger'; // package main is the plugin entry
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createPluginHost, PluginHost } from '../../src/host';
import { collect, RecordingLogger } from './helpers';

const ROOT = resolve(__dirname, '../../../..');
const LEDGERS = join(ROOT, 'conformance', 'ledgers');
const EXAMPLE = join(ROOT, 'examples', 'recorded-ledger-adapter');

/** Everything an adapter lists, in the order it lists it. */
async function everything(adapter: ExtractionAdapter): Promise<Record<string, unknown>> {
  const seen: Record<string, unknown> = { capabilities: await adapter.capabilities(), dossiers: await collect(adapter.listDossiers()) };
  for (const dossier of seen.dossiers as Array<{ id: string }>) {
    seen[`probe ${dossier.id}`] = await adapter.probe!(dossier.id);
    seen[`deleted ${dossier.id}`] = await collect(adapter.deletedSince!(dossier.id, ''));
    for (const entity of ENTITIES) {
      const all = await collect(adapter.read(dossier.id, entity));
      seen[`read ${dossier.id} ${entity}`] = all;
      seen[`since ${dossier.id} ${entity}`] = all.length > 0 ? await collect(adapter.read(dossier.id, entity, { since: all[Math.floor(all.length / 2)].marker })) : [];
      seen[`after ${dossier.id} ${entity}`] = all.length > 0 ? await collect(adapter.read(dossier.id, entity, { after: all[0].cursor })) : [];
      seen[`keys ${dossier.id} ${entity}`] = await collect(adapter.keys!(dossier.id, entity));
      seen[`digests ${dossier.id} ${entity}`] = await collect(adapter.digests!(dossier.id, entity, { bits: 4 }));
    }
  }
  return seen;
}

describe('plugin host: the recorded-ledger example, isolated, reads what it reads in-process', function () {
  this.timeout(30_000);
  let host: PluginHost;

  before(async () => {
    host = await createPluginHost({ pluginFolders: [EXAMPLE], logger: new RecordingLogger(), limits: { batchSize: 7 }, permissions: { 'recorded-ledger': { readPaths: [LEDGERS] } } });
  });
  after(() => host.close());

  for (const file of readdirSync(LEDGERS).filter((name) => name.endsWith('.json'))) {
    it(`${file}: every entity, every listing`, async () => {
      const ledger = join(LEDGERS, file);
      const isolated = await host.adapter('recorded-ledger', { ledger });
      const inProcess = new RecordedLedgerAdapter(new ReplaySourceProvider(ledger), { deletionLog: true });
      const remote = await everything(isolated);
      expect(Object.values(remote).some((value) => Array.isArray(value) && value.length > 7)).to.equal(true); // several batches crossed
      expect(remote).to.deep.equal(await everything(inProcess));
      await Promise.all([isolated.close(), inProcess.close()]);
    });
  }

  it('stops the worker-side listing when the engine stops reading', async () => {
    const isolated = await host.adapter('recorded-ledger', { ledger: join(LEDGERS, 'bakery-basic.json') });
    const [dossier] = await collect(isolated.listDossiers());
    let taken = 0;
    for await (const record of isolated.read(dossier.id, 'entry')) {
      expect(record.id).to.be.a('string');
      if (++taken === 3) break;
    }
    expect(taken).to.equal(3);
    expect(await collect(isolated.read(dossier.id, 'account'))).to.not.be.empty;
  });
});
