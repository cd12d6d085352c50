import { PluginCallError, PluginCallTimeoutError } from '../errors';
import { HostMessage, plainMessage, SerializedError, PluginMessage, PluginOperation } from './protocol';
import { BatchDecodeError, decodeBatch } from './batch-codec';
import { attachReadDigests } from './attach-digests';
import { RemoteStream, StreamSink } from './remote-stream';

export interface ChannelOptions {
  pluginId: string;
  /** A request (or liveness ping) not acknowledged within this time means the plugin process's loop is blocked: reported. */
  ackTimeoutMs: number;
  /** Still blocked after this long: the plugin process is given up (killed). */
  unresponsiveTimeoutMs: number;
  /** Called once per blocked spell, when an ack is `ackTimeoutMs` overdue. */
  onLate(method: string): void;
  /** Called once when an ack is `unresponsiveTimeoutMs` overdue; the owner kills the plugin process and fails the channel. */
  onUnresponsive(method: string): void;
  /** Called when the channel goes from idle to busy and back (the owner refs the plugin process only while busy). */
  onBusy(busy: boolean): void;
  /** Scrubs secrets from what the plugin says. */
  redact(text: string): string;
}

/** Sends one message to the plugin process; throws when the message cannot be serialized. */
export type SendToPlugin = (message: HostRequest) => void;

/** The messages the channel sends (`init` goes before the channel exists). */
type HostRequest = Exclude<HostMessage, { t: 'init' }>;

interface PendingCall {
  method: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer?: NodeJS.Timeout;
}

const PING = '(ping)';

/**
 * Request/response, cancellation and batched streams over a plugin process's IPC channel, with
 * acknowledgements: every request is acked by the plugin process's event loop, and while anything is
 * outstanding the channel pings; an ack overdue by `ackTimeoutMs` reports the plugin unresponsive.
 */
export class PluginChannel {
  private nextId = 1;
  private readonly calls = new Map<number, PendingCall>();
  private readonly streams = new Map<number, StreamSink>();
  private readonly unacked = new Map<number, { sentAt: number; method: string }>();
  private heartbeat?: NodeJS.Timeout;
  private failure?: (method: string) => Error;
  private busy = false;
  private lateReported = false;

  constructor(private readonly send: SendToPlugin, private readonly options: ChannelOptions) {}

  /** Feeds a message from the plugin process (other than `ready` and `log`). */
  handle(message: PluginMessage): void {
    switch (message.t) {
      case 'ack':
        this.unacked.delete(message.id);
        break;
      case 'result': {
        const call = this.takeCall(message.id);
        call?.resolve(message.value);
        break;
      }
      case 'error': {
        const call = this.takeCall(message.id);
        if (call) call.reject(this.remoteError(call.method, message.error));
        const sink = this.streams.get(message.id);
        if (sink) {
          this.clearTimer(sink);
          sink.inFlight = 0;
          sink.error = this.remoteError(sink.method, message.error);
          sink.settle();
        }
        break;
      }
      case 'batch': {
        const sink = this.streams.get(message.id);
        if (!sink) break;
        this.clearTimer(sink);
        sink.batches.push({ payload: message.json, done: message.done === true, digests: message.digests });
        // The last batch: the plugin process has closed the listing and answers no further credit.
        sink.inFlight = message.done ? 0 : Math.max(0, sink.inFlight - 1);
        if (sink.inFlight > 0) this.armTimer(sink);
        sink.settle();
        break;
      }
      default:
        break;
    }
    this.updateBusy();
  }

  call(op: PluginOperation, args: unknown[], method: string, timeoutMs: number): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure(method));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const call: PendingCall = { method, resolve, reject };
      call.timer = setTimeout(() => {
        if (!this.takeCall(id)) return;
        this.post({ t: 'cancel', id });
        reject(new PluginCallTimeoutError(this.options.pluginId, method, timeoutMs));
        this.updateBusy();
      }, timeoutMs);
      this.calls.set(id, call);
      if (!this.post({ t: 'call', id, op, args }, method)) this.takeCall(id);
      this.updateBusy();
    });
  }

  /** An async-iterable method of an adapter instance, pulled `batchSize` items at a time, `batchesAhead` batches ahead of the consumer. */
  stream(instance: number, method: string, args: unknown[], window: { batchSize: number; batchesAhead: number }, timeoutMs: number): AsyncIterableIterator<unknown> {
    const id = this.nextId++;
    const sink = new StreamSink(method, timeoutMs, (batch) => {
      try {
        const items = decodeBatch(batch.payload);
        if (method === 'read') attachReadDigests(items, batch.digests);
        return items;
      } catch (error) {
        if (!(error instanceof BatchDecodeError)) throw error;
        throw new PluginCallError(this.options.pluginId, method, error.code, error.message);
      }
    });
    const stream = new RemoteStream(sink, {
      request: (batches, hostBehind) => this.request(id, sink, window.batchSize, batches, hostBehind && method === 'read'),
      release: (finishedByPlugin) => {
        this.clearTimer(sink);
        this.streams.delete(id);
        if (!finishedByPlugin && !this.failure) this.post({ t: 'cancel', id });
        this.updateBusy();
      },
    }, window.batchesAhead);
    if (this.failure) {
      sink.error = this.failure(method);
      return stream;
    }
    this.streams.set(id, sink);
    if (this.post({ t: 'open', id, instance, method, args }, method)) stream.start();
    return stream;
  }

  /** Fails everything outstanding and every later request with the error `failure(method)` makes. */
  fail(failure: (method: string) => Error): void {
    if (this.failure) return;
    this.failure = failure;
    for (const [id, call] of [...this.calls]) {
      this.takeCall(id);
      call.reject(failure(call.method));
    }
    for (const sink of this.streams.values()) {
      this.clearTimer(sink);
      sink.inFlight = 0;
      sink.error = failure(sink.method);
      sink.settle();
    }
    this.unacked.clear();
    this.updateBusy();
  }

  /** Pings the plugin process while anything is outstanding, and reports it when an ack is overdue. */
  private checkLiveness(): void {
    const now = Date.now();
    let oldest: { sentAt: number; method: string } | undefined;
    for (const unacked of this.unacked.values()) if (!oldest || unacked.sentAt < oldest.sentAt) oldest = unacked;
    if (!oldest) this.lateReported = false;
    else if (now - oldest.sentAt > this.options.unresponsiveTimeoutMs) {
      this.options.onUnresponsive(this.blamed(oldest.method));
      return;
    } else if (now - oldest.sentAt > this.options.ackTimeoutMs && !this.lateReported) {
      this.lateReported = true;
      this.options.onLate(this.blamed(oldest.method));
    }
    if (this.outstanding() && ![...this.unacked.values()].some((u) => u.method === PING)) this.post({ t: 'ping', id: this.nextId++ }, PING);
  }

  /** A ping names no method: blame what the plugin process was busy with. */
  private blamed(method: string): string {
    if (method !== PING) return method;
    const busy = [...[...this.calls.values()].map((call) => call.method), ...[...this.streams.values()].filter((sink) => sink.requested).map((sink) => sink.method)];
    return [...new Set(busy)].join(', ') || 'idle';
  }

  private outstanding(): boolean {
    return this.calls.size > 0 || [...this.streams.values()].some((sink) => sink.requested);
  }

  private updateBusy(): void {
    const busy = this.outstanding() && !this.failure;
    if (busy && !this.heartbeat) {
      this.heartbeat = setInterval(() => this.checkLiveness(), Math.max(25, Math.floor(this.options.ackTimeoutMs / 4)));
    } else if (!busy && this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
    }
    if (busy !== this.busy) {
      this.busy = busy;
      this.options.onBusy(busy);
    }
  }

  /** Credit for `batches` more batches of up to `max` items each. */
  private request(id: number, sink: StreamSink, max: number, batches: number, digests: boolean): void {
    if (sink.error) return;
    sink.inFlight += batches;
    if (!sink.timer) this.armTimer(sink);
    this.post({ t: 'pull', id, max, batches, digests });
    this.updateBusy();
  }

  /** No batch within the call timeout while credit is outstanding fails the stream. */
  private armTimer(sink: StreamSink): void {
    sink.timer = setTimeout(() => {
      sink.timer = undefined;
      sink.inFlight = 0;
      sink.error = new PluginCallTimeoutError(this.options.pluginId, sink.method, sink.timeoutMs);
      sink.settle();
      this.updateBusy();
    }, sink.timeoutMs);
  }

  private clearTimer(sink: StreamSink): void {
    if (sink.timer) clearTimeout(sink.timer);
    sink.timer = undefined;
  }

  /** Sends; requests with a method are tracked for their ack. False when the message cannot be sent (not cloneable). */
  private post(message: HostRequest, method?: string): boolean {
    try {
      this.send(message);
    } catch (error) {
      const failed = new PluginCallError(this.options.pluginId, method ?? message.t, 'PLUGIN_CALL_INVALID', `arguments cannot be sent to the plugin: ${(error as Error).message}`);
      const call = this.calls.get(message.id);
      if (call) call.reject(failed);
      const sink = this.streams.get(message.id);
      if (sink) sink.error = failed;
      return false;
    }
    if (method) this.unacked.set(message.id, { sentAt: Date.now(), method });
    return true;
  }

  private takeCall(id: number): PendingCall | undefined {
    const call = this.calls.get(id);
    if (!call) return undefined;
    this.calls.delete(id);
    if (call.timer) clearTimeout(call.timer);
    return call;
  }

  private remoteError(method: string, error: SerializedError): PluginCallError {
    return new PluginCallError(this.options.pluginId, method, error.code, this.options.redact(plainMessage(error)), error.field);
  }
}
