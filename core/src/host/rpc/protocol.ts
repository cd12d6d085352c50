/**
 * Messages between the host and a plugin's process. Every host → plugin process request carries an id and
 * is acknowledged at once by the plugin process's event loop: an ack that does not come means that loop is
 * blocked (a busy loop), whatever the call is doing. Streams move in batches, as many batches as `pull` credits
 * (credit-based back-pressure: the plugin process produces only what the host asked for; the host
 * keeps a few pulls outstanding so the plugin process never waits for the next one).
 */

import type { BatchEncoding, BatchPayload } from './batch-codec';

/** Operations the plugin process serves. */
export type PluginOperation = 'activate' | 'create' | 'invoke' | 'deactivate';

export type HostMessage =
  | { t: 'call'; id: number; op: PluginOperation; args: unknown[] }
  /** Opens an async-iterable method of an adapter instance; nothing is produced before the first pull. */
  | { t: 'open'; id: number; instance: number; method: string; args: unknown[] }
  /**
   * Credit for `batches` more batches of up to `max` items each of stream `id`; credits add up. `digests`: the host is
   * behind (batches wait for it), so a `read` listing's batches from now on carry their records' content digests.
   */
  | { t: 'pull'; id: number; max: number; batches: number; digests?: boolean }
  | { t: 'cancel'; id: number }
  | { t: 'ping'; id: number }
  /** The first message: what the process needs to load its plugin. */
  | { t: 'init'; data: PluginProcessData };

export type PluginMessage =
  | { t: 'ready' }
  | { t: 'ack'; id: number }
  | { t: 'result'; id: number; value: unknown }
  | { t: 'error'; id: number; error: SerializedError }
  /**
   * Items as JSON text (a string, or UTF-8 bytes: see batch-codec): records are JSON by the canonical model, and one string crosses processes far cheaper than many objects.
   * A `read` batch also carries its records' content digests (read-digests.ts).
   */
  | { t: 'batch'; id: number; json: BatchPayload; done: boolean; digests?: string }
  | { t: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string; fields?: Record<string, unknown> };

/** An error as it crosses the boundary: stack traces stay in the plugin process. */
export interface SerializedError {
  name: string;
  code?: string;
  message: string;
  field?: string;
}

/** Data the plugin process starts with (sent over IPC, never in its environment or arguments). */
export interface PluginProcessData {
  pluginId: string;
  /** Absolute path of the plugin's main module. */
  main: string;
  /** The plugin's package folder (tsyringe is also looked up from there). */
  dir: string;
  deactivateTimeoutMs: number;
  /** The one folder the plugin may write (its TMPDIR). */
  scratchDir: string;
  /** How stream batches are sent (the host decodes either). */
  batchEncoding: BatchEncoding;
}

/** Drops the `CODE: ` prefix LedgersyncError puts in front of its message. */
export function plainMessage(error: SerializedError): string {
  return error.code && error.message.startsWith(`${error.code}: `) ? error.message.slice(error.code.length + 2) : error.message;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const { code, field } = error as Error & { code?: unknown; field?: unknown };
    return { name: error.name, message: error.message, code: typeof code === 'string' ? code : undefined, field: typeof field === 'string' ? field : undefined };
  }
  return { name: 'Error', message: String(error) };
}
