import { ExtractionAdapter } from '@ledgersync/sdk';

/**
 * Where the adapter under test runs. The suite opens one adapter per configuration it tries;
 * `lines` is everything the runtime and the adapter logged (scanned for secrets).
 */
export interface AdapterRuntime {
  readonly kind: 'isolated' | 'in-process';
  /** Why this runtime was chosen (shown in the report). */
  readonly note?: string;
  /** Validates the configuration as the host does, then makes an adapter with it. */
  open(configuration: Record<string, unknown>): Promise<ExtractionAdapter>;
  /** Closes one adapter `open` gave (the suite closes each before the driver tears its backend down). */
  release(adapter: ExtractionAdapter): Promise<void>;
  /** Sets the clock the adapter's services give (the ledger's time during the step), where the runtime can. */
  setClock?(marker: string): void;
  logLines(): string[];
  close(): Promise<void>;
}
