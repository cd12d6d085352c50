import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { generateRecordedLedger, replay, truthOf } from '@ledgersync/sdk';
import { FileSourceProvider, RecordedLedgerAdapter, SourceFileFixture } from '@ledgersync/example-recorded-ledger';
import { createDiffEngine } from '../../src/engine';
import { Connector } from '../../src/orchestration/connector';
import { Platform } from '../../src/platform';
import { openStateStore, StateStore } from '../../src/state';
import { expectPlatformEquals } from '../orchestration/support/compare';
import { freePort, ledgersync, mariadbDatabase, Service } from './support/processes';

/**
 * Issue 18's scale-out: several platform processes over one MariaDB. Claims race in the database
 * (SELECT … FOR UPDATE SKIP LOCKED), pages are applied once whichever process receives them.
 */
describe('scale-out: platform processes over one MariaDB', function () {
  this.timeout(180_000);
  let database: { url: string; drop: () => Promise<void> };
  beforeEach(async () => {
    database = await mariadbDatabase('ls_scale');
  });
  afterEach(async () => {
    await database.drop();
  });

  it('two platforms claiming at once for the same dossiers never hand a task out twice', async () => {
    const [a, b] = await Promise.all([Platform.open({ client: 'mysql', url: database.url }), Platform.open({ client: 'mysql', url: database.url })]);
    try {
      const dossiers = Array.from({ length: 12 }, (_, i) => `BE00000000${String(i).padStart(2, '0')}`);
      await a.connectors.issue('office-1');
      await a.connectors.assign('office-1', dossiers);
      await a.registerConnector({ connectorId: 'office-1', pollIntervalMs: 1000, adapters: [{ id: 'x', version: '1.0.0' }], dossiers: dossiers.map((id) => ({ id, name: id, currency: 'EUR', adapterId: 'x' })) });
      for (const id of dossiers) await a.requestManualSync(id, 'full');
      // claims straight on the queue (no "same connector gets its claimed task back" shortcut): 24 claimers for 12 tasks
      // rounds of claims at once until a round finds nothing: a claimer that found every row locked simply comes back
      const claimed: number[] = [];
      for (let round = 0; round < 20; round++) {
        const claims = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? a : b).tasks.claim(`claimer-${i}`, dossiers)));
        const got = claims.filter((task) => task !== null).map((task) => task!.id);
        claimed.push(...got);
        if (got.length === 0) break;
      }
      expect(new Set(claimed).size, 'no task claimed twice').to.equal(claimed.length);
      expect(claimed.length, 'every task claimed').to.equal(12);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a claim skips a task another process holds locked instead of waiting for it (FOR UPDATE SKIP LOCKED)', async () => {
    const [a, b] = await Promise.all([Platform.open({ client: 'mysql', url: database.url }), Platform.open({ client: 'mysql', url: database.url })]);
    try {
      const dossiers = ['BE0000000001', 'BE0000000002'];
      await a.connectors.issue('office-1');
      await a.connectors.assign('office-1', dossiers);
      await a.registerConnector({ connectorId: 'office-1', pollIntervalMs: 1000, adapters: [{ id: 'x', version: '1.0.0' }], dossiers: dossiers.map((id) => ({ id, name: id, currency: 'EUR', adapterId: 'x' })) });
      const first = (await a.requestManualSync(dossiers[0], 'full')).task;
      const second = (await a.requestManualSync(dossiers[1], 'full')).task;
      // another process is in the middle of claiming the first task: its row is locked
      const holder = await a.db.transaction();
      try {
        await holder('pf_tasks').where({ task_id: first.id }).forUpdate().select('task_id');
        const claimed = await Promise.race([b.tasks.claim('office-1', dossiers), new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 5_000))]);
        expect(claimed === 'waited' ? claimed : claimed?.id, 'claimed the task nobody held').to.equal(second.id);
      } finally {
        await holder.rollback();
      }
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('the same page posted to two platforms at once is applied once', async () => {
    const [a, b] = await Promise.all([Platform.open({ client: 'mysql', url: database.url }), Platform.open({ client: 'mysql', url: database.url })]);
    try {
      const dossierId = 'BE0000000001';
      await a.dossiers.register({ id: dossierId, name: 'x', currency: 'EUR', connectorId: 'office-1', adapterId: 'x', adapterVersion: '1.0.0' });
      await a.receiver.begin({ changesetId: 'cs-1', dossierId, kind: 'full', startedAt: new Date().toISOString() } as never);
      const accounts = [...[...replay(generateRecordedLedger({ seed: 5, entries: 40, steps: 1 }))][0].source.account.values()].map((held) => held.record as { id: string });
      for (let sequence = 1; sequence <= Math.min(20, accounts.length); sequence++) {
        const record = accounts[sequence - 1];
        const page = { changesetId: 'cs-1', dossierId, sequence, operations: [{ op: 'upsert', entity: 'account', id: record.id, record, digest: `d${sequence}` }] } as never;
        const acks = await Promise.all([a.receiver.apply(page), b.receiver.apply(page), a.receiver.apply(page), b.receiver.apply(page)]);
        expect(acks.filter((ack) => ack.applied).length, `page ${sequence}`).to.equal(1);
      }
      const applied = await a.db('pf_applied_pages').where({ changeset_id: 'cs-1' }).select('sequence');
      expect(applied.map((r) => Number(r.sequence)).sort((x, y) => x - y)).to.deep.equal(Array.from({ length: Math.min(20, accounts.length) }, (_, i) => i + 1));
      expect(applied.length).to.be.greaterThan(5);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('two platform serve processes, concurrent connectors on both: every dossier equals its source, no page lost or applied twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-scale-'));
    const ledgers = Array.from({ length: 6 }, (_, i) => generateRecordedLedger({ seed: 100 + i, entries: 60, steps: 1 }));
    const fixtures = ledgers.map((ledger) => new SourceFileFixture(ledger));
    ledgers.forEach((ledger, i) => fixtures[i].materialise([...replay(ledger)][0]));
    const ports = [await freePort(), await freePort()];
    const platforms = ports.map((port) => new Service(['platform', 'serve', '--database', database.url, '--port', String(port), '--lease-ms', '5000', '--retry-base-ms', '100']));
    const stores: StateStore[] = [];
    try {
      await Promise.all(platforms.map((p) => p.waitFor((line) => line.msg === 'listening')));
      const cli = (...args: string[]) => ledgersync(['platform', ...args, '--database', database.url]);
      const connectors: Connector[] = [];
      const acks: { changesetId: string; sequence: number; applied: boolean }[] = [];
      for (let office = 0; office < 3; office++) {
        const credential = (await cli('connectors', 'add', `office-${office}`)).stdout.trim();
        const mine = [office * 2, office * 2 + 1];
        await cli('connectors', 'assign', `office-${office}`, ...mine.map((i) => ledgers[i].dossier.id));
        const store = await openStateStore({ client: 'sqlite', filename: join(dir, `state-${office}.db`) });
        stores.push(store);
        connectors.push(
          new Connector({
            connectorId: `office-${office}`,
            credential,
            platformUrl: `http://127.0.0.1:${ports[office % 2]}`,
            engine: createDiffEngine({ store }),
            adapters: mine.map((i) => ({ id: 'recorded-ledger', version: '1.0.0', adapter: new RecordedLedgerAdapter(new FileSourceProvider(fixtures[i].path)) })),
            pageSize: 7,
            client: { retryBaseMs: 50 },
            onEvent: (event) => {
              if (event.type === 'page') acks.push({ changesetId: event.ack.changesetId, sequence: event.ack.sequence, applied: event.ack.applied });
            },
          }),
        );
      }
      await Promise.all(connectors.map((c) => c.register()));
      await cli('accountants', 'add', 'acc').catch(() => undefined);
      const platform = await Platform.open({ client: 'mysql', url: database.url });
      try {
        for (const ledger of ledgers) await platform.requestManualSync(ledger.dossier.id, 'full');
        // every connector drains at once, each against its own platform process
        for (let round = 0; round < 10; round++) {
          await Promise.all(connectors.map((c) => c.drain()));
          const open = (await platform.tasks.list({})).filter((t) => t.state !== 'succeeded');
          if (open.length === 0) break;
          await new Promise((r) => setTimeout(r, 200));
        }
        const tasks = await platform.tasks.list({});
        expect(tasks.map((t) => t.state)).to.deep.equal(ledgers.map(() => 'succeeded'));
        for (const [i, ledger] of ledgers.entries()) await expectPlatformEquals(platform, ledger.dossier.id, truthOf(ledger, [...replay(ledger)][0]).state, ledger.dossier.id);
        const rows: { changeset_id: string; sequence: number }[] = await platform.db('pf_applied_pages').select('changeset_id', 'sequence');
        const byChangeset = new Map<string, number[]>();
        for (const row of rows) byChangeset.set(row.changeset_id, [...(byChangeset.get(row.changeset_id) ?? []), Number(row.sequence)]);
        expect(byChangeset.size).to.equal(ledgers.length);
        for (const sequences of byChangeset.values()) expect(sequences.sort((x, y) => x - y), 'no page lost').to.deep.equal(sequences.map((_, i) => i + 1));
        const appliedTwice = acks.filter((ack) => ack.applied).length - rows.length;
        expect(appliedTwice, 'applied twice').to.equal(0);
      } finally {
        await platform.close();
      }
    } finally {
      for (const p of platforms) p.signal('SIGTERM');
      await Promise.all(platforms.map((p) => p.exited));
      for (const store of stores) await store.close();
      fixtures.forEach((f) => f.dispose());
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
