import { Logger, RecordErrorJson } from '@ledgersync/sdk';
import { ChangesetPage, ChangesetReceiver, ChangesetSummary } from '../changeset/types';
import { ChangesetRecord, StateStore, Staging } from '../state';
import { ReceiverError, SyncAbortedError } from './errors';
import { operationOrder, operationsOf, pageRecords, PlannedOperation } from './page-stream';
import { StateCommits } from './state-commits';

export interface SendOutcome {
  pages: number;
  bytes: number;
  quarantined: RecordErrorJson[];
}

/**
 * Sends a planned changeset page by page. The receiver says which page it applied last; pages up
 * to it are not sent again, and each page's records enter the state store only once the receiver
 * has acknowledged it (several pages to a state transaction: {@link StateCommits}). An empty changeset is one page with no operations (so that its records
 * without an operation and its watermarks are acknowledged like any page).
 */
export async function sendChangeset(
  store: StateStore,
  changeset: ChangesetRecord,
  receiver: ChangesetReceiver,
  options: { signal?: AbortSignal; logger?: Logger },
): Promise<SendOutcome> {
  const { changesetId, dossierId, kind, startedAt, pageSize } = changeset;
  const staging = store.staging(changesetId);
  const totalPages = Math.max(1, Math.ceil(changeset.opCount / pageSize));
  const { lastApplied } = await receiverCall('begin', changeset, () => receiver.begin({ changesetId, dossierId, kind, startedAt }));
  const context: PageContext = { staging, changeset, receiver, lastApplied, totalPages, commits: new StateCommits(store, changeset), logger: options.logger };
  let bytes = 0;
  let sequence = 0;
  const stream = operationOrder(staging)[Symbol.asyncIterator]();
  try {
    while (sequence < totalPages) {
      sequence += 1;
      const planned: PlannedOperation[] = [];
      while (planned.length < pageSize) {
        const next = await stream.next();
        if (next.done) break;
        planned.push(next.value);
      }
      if (sequence <= changeset.lastAcked) continue;
      if (options.signal?.aborted) {
        await context.commits.commit();
        throw new SyncAbortedError(dossierId, changesetId, context.commits.committed);
      }
      bytes += await sendPage(context, sequence, planned);
    }
  } catch (error) {
    // the state keeps what the receiver acknowledged before the failure; the next run resumes after it
    await context.commits.commit().catch(() => undefined);
    throw error;
  }
  const quarantined = await store.records(dossierId).quarantined();
  const plan = changeset.plan!;
  const summary: ChangesetSummary = {
    changesetId,
    dossierId,
    kind,
    pages: totalPages,
    counts: {
      read: Object.values(plan.rowsRead).reduce((sum, n) => sum + (n ?? 0), 0),
      upserted: plan.upserted,
      deleted: plan.deleted,
      quarantined: quarantined.length,
    },
    methods: plan.methods,
    quarantined,
    finishedAt: new Date().toISOString(),
  };
  await receiverCall('complete', changeset, () => receiver.complete(summary));
  await store.changesets.finish(changesetId, summary.finishedAt);
  return { pages: totalPages, bytes, quarantined };
}

interface PageContext {
  staging: Staging;
  changeset: ChangesetRecord;
  receiver: ChangesetReceiver;
  /** The last page the receiver had applied when the run began. */
  lastApplied: number;
  totalPages: number;
  commits: StateCommits;
  logger?: Logger;
}

/**
 * Sends page `sequence` unless the receiver applied it already (a run resumed after a lost
 * acknowledgement), then hands its records to the state; returns the bytes sent.
 */
async function sendPage(context: PageContext, sequence: number, planned: PlannedOperation[]): Promise<number> {
  const { changeset, receiver } = context;
  const { changesetId, dossierId } = changeset;
  const records = await pageRecords(context.staging, planned);
  let bytes = 0;
  if (sequence > context.lastApplied) {
    const page: ChangesetPage = { changesetId, dossierId, sequence, operations: operationsOf(records) };
    bytes = Buffer.byteLength(JSON.stringify(page));
    const ack = await receiverCall('apply', changeset, () => receiver.apply(page));
    if (ack.changesetId !== changesetId || ack.sequence !== sequence) {
      throw new ReceiverError('apply', dossierId, changesetId, `acknowledged ${ack.changesetId} page ${ack.sequence} for page ${sequence}`);
    }
  }
  await context.commits.acknowledged(sequence, records, sequence === context.totalPages);
  context.logger?.debug('changeset page acknowledged', { dossierId, changesetId, sequence, operations: planned.length });
  return bytes;
}

async function receiverCall<T>(call: string, changeset: ChangesetRecord, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    throw new ReceiverError(call, changeset.dossierId, changeset.changesetId, (cause as Error)?.message ?? String(cause), cause);
  }
}
