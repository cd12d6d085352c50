import { BatchPayload } from './batch-codec';

/** A batch as it arrived, still encoded (one string crosses the process boundary far cheaper than a graph of objects); decoded when the consumer reaches it. */
export interface ReceivedBatch {
  payload: BatchPayload;
  done: boolean;
  /** A `read` batch's content digests as the plugin process sent them (read-digests.ts), unchecked. */
  digests?: unknown;
}

/**
 * The host's buffer of one stream: batches received and not yet handed out, and how many are asked
 * for and not yet received. Both together never exceed the stream's window, so memory stays bounded
 * by `batchesAhead × batchSize` records whatever the listing's length.
 */
export class StreamSink {
  readonly batches: ReceivedBatch[] = [];
  error?: Error;
  /** Wakes the consumer, which then looks at `batches` and `error`. */
  waiting?: () => void;
  /** Batches asked for (credit given to the plugin process) and not yet received. */
  inFlight = 0;
  /** Runs while credit is outstanding; restarted by every batch: no batch for this long fails the stream. */
  timer?: NodeJS.Timeout;

  /** `decode` turns a batch into its records, or throws a typed error naming the plugin (its output is untrusted). */
  constructor(readonly method: string, readonly timeoutMs: number, readonly decode: (batch: ReceivedBatch) => unknown[]) {}

  get requested(): boolean {
    return this.inFlight > 0;
  }

  settle(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }
}

/** What a stream needs from its channel. */
export interface StreamEnds {
  /**
   * Credit for `batches` more batches, in one message. `hostBehind`: batches are waiting for the consumer, so the
   * plugin process has time to spare and may take on work for it (read-digests.ts).
   */
  request(batches: number, hostBehind: boolean): void;
  /** Ends the stream on the host; a stream the plugin process had not finished is cancelled there. */
  release(finishedByPlugin: boolean): void;
}

const DONE: IteratorResult<unknown> = { value: undefined, done: true };

/**
 * An async iterator over a remote listing. Hand-written rather than an async generator: an item
 * already in the batch is returned without a trip through the generator machinery, which is what
 * keeps reading through the boundary close to reading in-process. It keeps `batchesAhead` batches
 * asked for or waiting beyond the one being handed out, so the plugin process keeps reading while
 * the engine works instead of waiting for each pull to cross the pipe (on a loaded machine every
 * wake-up of an idle process costs a scheduling delay).
 */
export class RemoteStream implements AsyncIterableIterator<unknown> {
  private items: unknown[] = [];
  private index = 0;
  private state: 'open' | 'drained' | 'released' = 'open';
  /** The plugin process has sent its last batch: ask for nothing more. */
  private lastRequested = false;

  constructor(private readonly sink: StreamSink, private readonly ends: StreamEnds, private readonly batchesAhead: number) {}

  [Symbol.asyncIterator](): AsyncIterableIterator<unknown> {
    return this;
  }

  /** Fills the window at the start (the channel calls it once the stream is open). */
  start(): void {
    this.topUp();
  }

  next(): Promise<IteratorResult<unknown>> {
    if (this.index < this.items.length) return Promise.resolve({ value: this.items[this.index++], done: false });
    if (this.state !== 'open') {
      this.release();
      return Promise.resolve(DONE);
    }
    return this.refill();
  }

  async return(): Promise<IteratorResult<unknown>> {
    this.items = [];
    this.sink.batches.length = 0;
    this.release();
    return DONE;
  }

  private async refill(): Promise<IteratorResult<unknown>> {
    const sink = this.sink;
    if (sink.batches.length === 0 && !sink.error) await new Promise<void>((resolve) => (sink.waiting = resolve));
    const batch = sink.batches.shift();
    if (!batch) {
      this.release();
      throw sink.error;
    }
    let items: unknown[];
    try {
      items = sink.decode(batch);
    } catch (error) {
      // A batch the host cannot read ends the stream (the plugin's listing is cancelled), never the host.
      sink.batches.length = 0;
      this.release();
      throw error;
    }
    if (batch.done) this.state = 'drained';
    // Ask for more before handing this batch out: the plugin process reads while the engine works.
    else this.topUp();
    this.items = items;
    this.index = 0;
    return this.next();
  }

  private topUp(): void {
    const sink = this.sink;
    if (sink.error) return;
    if (sink.batches.some((batch) => batch.done)) this.lastRequested = true;
    if (this.lastRequested || sink.error) return;
    const held = sink.batches.length + sink.inFlight;
    // Credit goes out in one message once half the window is free (or all of it is): each message
    // wakes the plugin process, and on a loaded machine the wake-ups cost more than the bytes.
    const free = this.batchesAhead - held;
    if (free > 0 && (held === 0 || free >= Math.ceil(this.batchesAhead / 2))) this.ends.request(free, sink.batches.length > 0);
  }

  private release(): void {
    if (this.state === 'released') return;
    const finished = this.state === 'drained';
    this.state = 'released';
    this.ends.release(finished);
  }
}
