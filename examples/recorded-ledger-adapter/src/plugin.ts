import { AdapterConfigurationError, PluginContext } from '@ledgersync/sdk';
import { RecordedLedgerAdapter } from './adapter';
import { FileSourceProvider, ReplaySourceProvider, SourceProvider } from './source-provider';

/** Plugin entry point: the host calls it on `onAdapter:recorded-ledger`. */
export function activate(context: PluginContext): void {
  context.subscriptions.push(
    context.registerAdapter('recorded-ledger', (configuration, services) => {
      const { ledger, step, sourceFile, deletionLog } = configuration as { ledger?: string; step?: number; sourceFile?: string; deletionLog?: boolean };
      let provider: SourceProvider;
      if (sourceFile) provider = new FileSourceProvider(sourceFile);
      else if (ledger) provider = new ReplaySourceProvider(ledger, step);
      else throw new AdapterConfigurationError('ledger', 'give either a recorded-ledger file (ledger) or a source file (sourceFile)');
      services.logger.info('recorded-ledger adapter ready', { source: sourceFile ?? ledger });
      return new RecordedLedgerAdapter(provider, { deletionLog: deletionLog ?? true });
    }),
  );
}

export function deactivate(): void {
  // subscriptions are disposed by the host
}
