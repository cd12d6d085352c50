import { compareIds, EntityName } from '@ledgersync/sdk';
import { SourceOrderError } from '../errors';

/** One step of a merge: a source item, a state item with the same id, or either alone. */
export interface Merged<S, T> {
  source?: S;
  state?: T;
}

/**
 * Merges a source listing and the state's rows, both in id order, pairing equal ids. A listing
 * out of order would make the merge report false deletes, so it stops the sync instead.
 */
export async function* mergeById<S extends { id: string }, T extends { id: string }>(
  source: AsyncIterable<S>,
  state: AsyncIterable<T>,
  where: { dossierId: string; entity: EntityName },
): AsyncGenerator<Merged<S, T>> {
  const left = source[Symbol.asyncIterator]();
  const right = state[Symbol.asyncIterator]();
  let s = await left.next();
  let t = await right.next();
  let previous: string | undefined;
  while (!s.done || !t.done) {
    if (!s.done && previous !== undefined && compareIds(previous, s.value.id) >= 0) throw new SourceOrderError(where.dossierId, where.entity, previous, s.value.id);
    const order = s.done ? 1 : t.done ? -1 : compareIds(s.value.id, t.value.id);
    if (order > 0) {
      yield { state: t.value };
      t = await right.next();
      continue;
    }
    previous = s.value!.id;
    yield { source: s.value!, state: order === 0 ? t.value! : undefined };
    s = await left.next();
    if (order === 0) t = await right.next();
  }
}
