/**
 * The child process that runs one plugin, started by the host under Node's permission model with
 * an empty environment. It learns what to load from the host's first IPC message, acknowledges
 * every request from its event loop at once (so a blocked loop shows as a missing ack), serves
 * calls, and produces stream batches only when the host pulls. When the host goes away (the IPC
 * channel closes), it exits: a plugin process never outlives its host.
 */
import 'reflect-metadata';
import type { EntityName } from '@ledgersync/sdk';
import { writeSync } from 'node:fs';
import { HostMessage, serializeError, PluginMessage } from '../rpc/protocol';
import { BatchEncoding, encodeBatch } from '../rpc/batch-codec';
import { readBatchDigests } from '../rpc/read-digests';
import { PluginActivation } from './plugin-activation';

const send = (message: PluginMessage): void => {
  if (process.connected) process.send!(message);
};
let plugin: PluginActivation;
let batchEncoding: BatchEncoding = 'json';

interface OpenStream {
  iterator: AsyncIterator<unknown>;
  /** Batches the host has asked for and not yet been sent: the plugin process reads only this far ahead. */
  credit: number;
  max: number;
  producing: boolean;
  /** A `read` listing's entity: its batches may carry the records' content digests. */
  digestsOf?: EntityName;
  /** The host's last pull said it is behind: hash the records here, where there is time to spare. */
  digestsWanted: boolean;
}
const streams = new Map<number, OpenStream>();
const runningCalls = new Set<number>();
const cancelled = new Set<number>();

function finish(id: number): boolean {
  runningCalls.delete(id);
  return !cancelled.delete(id);
}

async function serveCall(message: Extract<HostMessage, { t: 'call' }>): Promise<void> {
  try {
    const [a, b, c, d] = message.args as [unknown, unknown, unknown, unknown];
    let value: unknown;
    if (message.op === 'activate') value = await plugin.activate();
    else if (message.op === 'create') value = await plugin.create(a as string, b as Record<string, unknown>);
    else if (message.op === 'invoke') value = await plugin.invoke(a as number, b as string, c as unknown[], d as string | undefined);
    else value = await plugin.deactivate();
    if (finish(message.id)) send({ t: 'result', id: message.id, value });
  } catch (error) {
    if (finish(message.id)) send({ t: 'error', id: message.id, error: serializeError(error) });
  }
}

/**
 * A batch of items; a `read` batch carries its records' content digests while the host is behind: hashing here moves
 * the engine's largest per-record work to this process's core when the host is the slower side, and costs nothing
 * when this side is (a slow source: the host then asks without, and hashes while it waits).
 */
function batchMessage(id: number, stream: OpenStream, items: unknown[], done: boolean): PluginMessage {
  const json = encodeBatch(items, batchEncoding);
  return stream.digestsOf && stream.digestsWanted ? { t: 'batch', id, json, done, digests: readBatchDigests(stream.digestsOf, items) } : { t: 'batch', id, json, done };
}

/** Sends batches while the host has credit for them; one producer per stream, so batches stay in order. */
async function produce(id: number): Promise<void> {
  const stream = streams.get(id);
  if (!stream || stream.producing) return;
  stream.producing = true;
  while (stream.credit > 0) {
    stream.credit -= 1;
    const items: unknown[] = [];
    try {
      let done = false;
      while (items.length < stream.max) {
        const next = await stream.iterator.next();
        if (next.done) {
          done = true;
          break;
        }
        items.push(next.value);
      }
      if (!streams.has(id)) return; // cancelled meanwhile
      if (done) streams.delete(id);
      send(batchMessage(id, stream, items, done));
      if (done) return;
    } catch (error) {
      if (!streams.delete(id)) return;
      // What was read before the failure still reaches the host, then the error.
      if (items.length > 0) send(batchMessage(id, stream, items, false));
      send({ t: 'error', id, error: serializeError(error) });
      return;
    }
  }
  stream.producing = false;
}

process.on('disconnect', () => process.exit(0));
process.on('message', (message: HostMessage) => {
  switch (message.t) {
    case 'init':
      // os.tmpdir() names the scratch folder, the one place the plugin may write.
      process.env.TMPDIR = message.data.scratchDir;
      plugin = new PluginActivation(message.data, send);
      batchEncoding = message.data.batchEncoding;
      send({ t: 'ready' });
      return;
    case 'ping':
      send({ t: 'ack', id: message.id });
      return;
    case 'call':
      send({ t: 'ack', id: message.id });
      runningCalls.add(message.id);
      void serveCall(message);
      return;
    case 'open':
      send({ t: 'ack', id: message.id });
      try {
        const entity = message.method === 'read' && typeof message.args[1] === 'string' ? (message.args[1] as EntityName) : undefined;
        streams.set(message.id, { iterator: plugin.open(message.instance, message.method, message.args), credit: 0, max: 0, producing: false, digestsOf: entity, digestsWanted: false });
      } catch (error) {
        send({ t: 'error', id: message.id, error: serializeError(error) });
      }
      return;
    case 'pull': {
      const stream = streams.get(message.id);
      if (!stream) return;
      stream.credit += message.batches;
      stream.max = message.max;
      stream.digestsWanted = message.digests === true;
      void produce(message.id);
      return;
    }
    case 'cancel': {
      const stream = streams.get(message.id);
      if (stream) {
        streams.delete(message.id);
        // Forwarded cancellation: lets the adapter's generator run its finally blocks (close cursors).
        void Promise.resolve(stream.iterator.return?.()).catch(() => undefined);
      } else if (runningCalls.has(message.id)) cancelled.add(message.id);
      return;
    }
  }
});

// An exception nothing caught ends the process; its message goes out on stderr, synchronously, for the host to name the crash.
const fatal = (error: unknown): never => {
  writeSync(2, `\nledgersync-plugin-fatal: ${(error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ')}\n`);
  process.exit(70);
};
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);
