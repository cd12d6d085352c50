import { AdapterCapabilities, AdapterConfigurationError, ExtractionAdapter } from '@ledgersync/sdk';
import { FileSourceProvider, RecordedLedgerAdapter } from '@ledgersync/example-recorded-ledger';

/** The example adapter on the driver's source file, made directly (no plugin folder). */
export function exampleAdapter(configuration: Readonly<Record<string, unknown>>): ExtractionAdapter {
  if (typeof configuration.sourceFile !== 'string') throw new AdapterConfigurationError('sourceFile', 'is required');
  return new RecordedLedgerAdapter(new FileSourceProvider(configuration.sourceFile));
}

/** The same adapter declaring other capabilities; `push: false` also hides the method. */
export function withCapabilities(adapter: ExtractionAdapter, patch: Partial<AdapterCapabilities>): ExtractionAdapter {
  return new Proxy(adapter, {
    get(target, property) {
      if (property === 'capabilities') return async () => ({ ...(await target.capabilities()), ...patch });
      if (property === 'push' && patch.push === false) return undefined;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
