import { EntityName } from '@ledgersync/sdk';
import { AdapterCallError } from './errors';

/** Runs an adapter listing, turning its failures into AdapterCallError (the adapter's error kept as cause). */
export async function* guarded<T>(call: string, dossierId: string, entity: EntityName | undefined, listing: () => AsyncIterable<T>): AsyncGenerator<T> {
  let iterator: AsyncIterator<T>;
  try {
    iterator = listing()[Symbol.asyncIterator]();
  } catch (cause) {
    throw new AdapterCallError(call, dossierId, entity, cause);
  }
  for (;;) {
    let step: IteratorResult<T>;
    try {
      step = await iterator.next();
    } catch (cause) {
      throw new AdapterCallError(call, dossierId, entity, cause);
    }
    if (step.done) return;
    yield step.value;
  }
}

/** Awaits one adapter call, turning its failure into AdapterCallError. */
export async function guardedCall<T>(call: string, dossierId: string, entity: EntityName | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    throw new AdapterCallError(call, dossierId, entity, cause);
  }
}
