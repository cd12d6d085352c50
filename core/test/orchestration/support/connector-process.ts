/**
 * A connector in a process of its own, for the kill test: it runs one task and kills itself with
 * SIGKILL (no cleanup, no goodbye) right after the platform acknowledged page `killAfterPage`,
 * before the engine could note that acknowledgement in its state store.
 *
 * usage: LEDGERSYNC_CONNECTOR_CREDENTIAL=lsc:… node connector-process.js <platformUrl> <stateDb> <sourceFile> <connectorId> <killAfterPage>
 */
import { FileSourceProvider, RecordedLedgerAdapter } from '@ledgersync/example-recorded-ledger';
import { createDiffEngine } from '../../../src/engine';
import { Connector } from '../../../src/orchestration';
import { openStateStore } from '../../../src/state';

async function main(): Promise<void> {
  const [platformUrl, stateDb, sourceFile, connectorId, killAfterPage] = process.argv.slice(2);
  const store = await openStateStore({ client: 'sqlite', filename: stateDb });
  const connector = new Connector({
    connectorId,
    credential: process.env.LEDGERSYNC_CONNECTOR_CREDENTIAL ?? '',
    platformUrl,
    engine: createDiffEngine({ store }),
    adapters: [{ id: 'recorded-ledger', version: '1.0.0', adapter: new RecordedLedgerAdapter(new FileSourceProvider(sourceFile)) }],
    pageSize: 7,
    onEvent: (event) => {
      if (event.type === 'page' && event.page.sequence === Number(killAfterPage)) process.kill(process.pid, 'SIGKILL');
    },
  });
  await connector.register();
  await connector.pollOnce();
  process.stdout.write('finished without being killed\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(3);
});
