/** The host's buffer of one stream: at most one batch received and one requested. */
export class StreamSink {
  /** A batch as it arrived: JSON text (one string crosses the thread boundary far cheaper than a graph of objects). */
  batch?: { json: string; done: boolean };
  error?: Error;
  /** Wakes the consumer, which then looks at `batch` and `error`. */
  waiting?: () => void;
  requested = false;
  timer?: NodeJS.Timeout;

  constructor(readonly method: string) {}

  settle(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }
}

/** What a stream needs from its channel. */
export interface StreamEnds {
  /** Credit for one more batch. */
  request(): void;
  /** Ends the stream on the host; a stream the plugin process had not finished is cancelled there. */
  release(finishedByPlugin: boolean): void;
}

const DONE: IteratorResult<unknown> = { value: undefined, done: true };

/**
 * An async iterator over a remote listing. Hand-written rather than an async generator: an item
 * already in the batch is returned without a trip through the generator machinery, which is what
 * keeps reading through the boundary close to reading in-process.
 */
export class RemoteStream implements AsyncIterableIterator<unknown> {
  private items: unknown[] = [];
  private index = 0;
  private state: 'open' | 'drained' | 'released' = 'open';

  constructor(private readonly sink: StreamSink, private readonly ends: StreamEnds) {}

  [Symbol.asyncIterator](): AsyncIterableIterator<unknown> {
    return this;
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
    this.release();
    return DONE;
  }

  private async refill(): Promise<IteratorResult<unknown>> {
    const sink = this.sink;
    if (!sink.batch && !sink.error) await new Promise<void>((resolve) => (sink.waiting = resolve));
    const batch = sink.batch;
    if (!batch) {
      this.release();
      throw sink.error;
    }
    sink.batch = undefined;
    // Ask for the next batch before handing this one out: the plugin process reads while the engine works.
    if (batch.done) this.state = 'drained';
    else this.ends.request();
    this.items = JSON.parse(batch.json) as unknown[];
    this.index = 0;
    return this.next();
  }

  private release(): void {
    if (this.state === 'released') return;
    const finished = this.state === 'drained';
    this.state = 'released';
    this.ends.release(finished);
  }
}
