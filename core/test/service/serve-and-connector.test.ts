import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { canonicalJson, canonicalRecord, ENTITIES, generateRecordedLedger, LedgerRecord, LedgerState, portalFigures, replay, truthOf } from '@ledgersync/sdk';
import { SqlFixtureDriver } from '@ledgersync/example-minimal-sql-adapter';
import { openItems, Platform, platformState, trialBalance } from '../../src/platform';
import { freePort, ledgersync, mariadbDatabase, Service } from './support/processes';

const MINIMAL_SQL_PLUGIN = resolve(__dirname, '../../../../examples/minimal-sql-adapter');

/**
 * Issue 18's first "Done when": a real `platform serve` and a real `connector run`, separate
 * processes, a generated dossier in the minimal SQL adapter's MariaDB fixture, the platform on
 * MariaDB too; both SIGTERMed mid-sync, restarted, and the platform then holds exactly the source,
 * each page applied once.
 */
describe('platform serve and connector run as processes, on MariaDB', function () {
  this.timeout(180_000);
  const ledger = generateRecordedLedger({ seed: 18, entries: 300, steps: 1 });
  const dossierId = ledger.dossier.id;
  const fixture = new SqlFixtureDriver('mysql');
  const dir = mkdtempSync(join(tmpdir(), 'ls-serve-'));
  let sourceUrl: string;
  let platformDb: { url: string; drop: () => Promise<void> };
  let port: number;
  const services: Service[] = [];
  const start = (args: string[], env?: NodeJS.ProcessEnv) => {
    const service = new Service(args, env);
    services.push(service);
    return service;
  };

  before(async () => {
    ({ url: sourceUrl } = await fixture.setUp(ledger));
    await fixture.materialise([...replay(ledger)][0]);
    platformDb = await mariadbDatabase('ls_serve');
    port = await freePort();
  });
  after(async () => {
    for (const service of services) service.signal('SIGKILL');
    await fixture.tearDown();
    await platformDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const serve = () => start(['platform', 'serve', '--database', platformDb.url, '--port', String(port), '--lease-ms', '4000', '--retry-base-ms', '100', '--log-level', 'debug']);
  const connectorRun = (config: string) => start(['connector', 'run', '--config', config], { LS_TEST_SOURCE_URL: sourceUrl });
  const listening = (service: Service) => service.waitFor((line) => line.msg === 'listening');

  it('syncs, survives SIGTERM of both mid-sync, and ends with the figures of the source, each page applied once', async () => {
    // the operator's steps, through the CLI, on the platform's MariaDB
    const platformCli = (...args: string[]) => ledgersync(['platform', ...args, '--database', platformDb.url]);
    let platform = serve();
    await listening(platform);
    const credential = (await platformCli('connectors', 'add', 'office-1')).stdout.trim();
    expect(credential).to.match(/^lsc:office-1:/);
    expect((await platformCli('connectors', 'assign', 'office-1', dossierId)).code).to.equal(0);
    expect((await ledgersync(['platform', 'accountants', 'add', 'acc', '--database', platformDb.url], 'a long enough password 18\n')).code).to.equal(0);
    const token = (await platformCli('accountants', 'token', 'acc')).stdout.trim();

    writeFileSync(join(dir, 'credential'), `${credential}\n`);
    const config = join(dir, 'connector.json');
    writeFileSync(
      config,
      JSON.stringify({
        connectorId: 'office-1',
        platform: { url: `http://127.0.0.1:${port}`, credential: { file: 'credential' } },
        plugins: { folders: [MINIMAL_SQL_PLUGIN], stateFile: 'plugins.json' },
        connections: [{ name: 'books', adapter: 'generic-sql', configuration: { url: { env: 'LS_TEST_SOURCE_URL' } } }],
        state: { folder: 'state' },
        pollIntervalMs: 200,
        heartbeatMs: 500,
        pageSize: 25,
        log: { level: 'debug' },
      }),
    );
    let connector = connectorRun(config);
    await connector.waitFor((line) => line.msg === 'registered');

    const sync = await fetch(`http://127.0.0.1:${port}/api/dossiers/${dossierId}/sync`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'full' }) });
    expect(sync.status).to.equal(201);

    // mid-sync: a few pages acknowledged, then both stopped
    await connector.waitFor((line) => line.msg === 'page sent' && Number(line.sequence) >= 3);
    connector.signal('SIGTERM');
    expect(await connector.exited).to.equal(0);
    platform.signal('SIGTERM');
    expect(await platform.exited).to.equal(0);
    expect(connector.lines.some((line) => line.msg === 'task given back (stopping)'), connector.output).to.equal(true);
    const status = await ledgersync(['connector', 'status', '--config', config]);
    expect(status.stdout).to.match(/connector office-1 \(pid \d+\): stopped/);

    platform = serve();
    await listening(platform);
    connector = connectorRun(config);
    await connector.waitFor((line) => line.msg === 'task succeeded', 120_000);
    const running = await ledgersync(['connector', 'status', '--config', config, '--json']);
    expect(JSON.parse(running.stdout)).to.include({ running: true, connectorId: 'office-1' });

    const sent = services.filter((s) => s.lines.some((l) => l.service === 'ledgersync-connector')).flatMap((s) => s.lines.filter((l) => l.msg === 'page sent'));
    const appliedAt = new Map<number, number>();
    for (const line of sent) if (line.applied) appliedAt.set(Number(line.sequence), (appliedAt.get(Number(line.sequence)) ?? 0) + 1);
    expect([...appliedAt.values()].every((n) => n === 1), 'a page applied twice').to.equal(true);

    connector.signal('SIGTERM');
    platform.signal('SIGTERM');
    expect(await connector.exited).to.equal(0);
    expect(await platform.exited).to.equal(0);

    const store = await Platform.open({ client: 'mysql', url: platformDb.url });
    try {
      const pages: { changeset_id: string; sequence: number }[] = await store.db('pf_applied_pages').select('changeset_id', 'sequence');
      const last = Math.max(...pages.map((p) => Number(p.sequence)));
      expect(pages.length, 'every page of the changeset applied once, none lost').to.equal(last);
      expect(last).to.be.greaterThan(3);
      expect(appliedAt.size, 'the platform applied each page the connector sent').to.equal(last);
      const tasks = await store.tasks.list({});
      expect(tasks.map((t) => t.state)).to.deep.equal(['succeeded']);
      const truth = truthOf(ledger, [...replay(ledger)][0]).state;
      const held = await platformState(store.db, dossierId);
      for (const entity of ENTITIES) expect(text(held, entity), entity).to.equal(text(truth, entity));
      const figures = portalFigures(truth);
      expect(canonicalJson(await trialBalance(store.db, dossierId))).to.equal(canonicalJson(figures.trialBalance));
      expect(canonicalJson(await openItems(store.db, dossierId))).to.equal(canonicalJson(figures.openItems));
    } finally {
      await store.close();
    }

    // no secret in any log line of either service
    for (const service of services) {
      expect(service.output).not.to.include(credential.split(':')[2]);
      expect(service.output).not.to.include(token);
      expect(service.output).not.to.include(sourceUrl);
    }
  });
});

function text(state: LedgerState, entity: (typeof ENTITIES)[number]): string {
  return canonicalJson([...(state[entity] as Map<string, LedgerRecord>).entries()].sort(([x], [y]) => (x < y ? -1 : 1)).map(([, record]) => canonicalRecord(entity, record)));
}
