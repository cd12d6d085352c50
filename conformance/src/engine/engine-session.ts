import { DiffEngine } from '@ledgersync/core/dist/src/engine/api';
import { LedgersyncError } from '@ledgersync/sdk';
import { DigestTree } from '../checks/incremental-cost';

/** The real diff engine with a state store of its own, for one conformance run. */
export interface EngineSession {
  readonly engine: DiffEngine;
  /** Which engine ran, for the report. */
  readonly name: string;
  /** The engine's digest tree, which bounds what an incremental sync may read. */
  readonly digestTree: DigestTree;
  close(): Promise<void>;
}

export class EngineUnavailableError extends LedgersyncError {
  constructor(detail: string) {
    super('CONFORMANCE_ENGINE_UNAVAILABLE', detail);
  }
}

interface CoreEngineModule {
  createDiffEngine?: (options: { store: unknown }) => DiffEngine;
  LEVEL1_BITS?: number;
  LEVEL2_BITS?: number;
  openStateStore?: (config: { client: 'sqlite'; filename: string }) => Promise<{ close(): Promise<void> }>;
}

/**
 * Opens @ledgersync/core's diff engine on an in-memory SQLite state store (the embedded default,
 * without the file): each run starts from nothing, as a new connector does.
 */
export async function openEngineSession(): Promise<EngineSession> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const core = require('@ledgersync/core') as CoreEngineModule;
  if (typeof core.createDiffEngine !== 'function' || typeof core.openStateStore !== 'function') {
    throw new EngineUnavailableError('@ledgersync/core exports no createDiffEngine/openStateStore: build core first (npx tsc -b core)');
  }
  const store = await core.openStateStore({ client: 'sqlite', filename: ':memory:' });
  const engine = core.createDiffEngine({ store });
  const digestTree = { level1Bits: core.LEVEL1_BITS ?? 10, level2Bits: core.LEVEL2_BITS ?? 15 };
  return { engine, name: '@ledgersync/core diff engine, SQLite state store', digestTree, close: () => store.close() };
}
