/**
 * How a stream batch crosses the process boundary: its records as JSON (records are JSON by the
 * canonical model), sent as one JS string by default or, for comparison in the isolation bench, as
 * UTF-8 bytes. Both decode to exactly what `JSON.parse(JSON.stringify(items))` gives. The plugin
 * process is untrusted: whatever arrives, decoding either returns an array or throws
 * `BatchDecodeError`, which the channel turns into a typed error naming the plugin.
 */

/** `json`: a JS string (V8's serializer copies it as Latin-1, or as UTF-16 when any character is beyond Latin-1); `utf8`: a Buffer of UTF-8 bytes. */
export type BatchEncoding = 'json' | 'utf8';

export type BatchPayload = string | Uint8Array;

export const DEFAULT_BATCH_ENCODING: BatchEncoding = 'json';

export function isBatchEncoding(value: unknown): value is BatchEncoding {
  return value === 'json' || value === 'utf8';
}

/** `LEDGERSYNC_BATCH_ENCODING` (json or utf8) picks the encoding for the isolation bench's comparison; anything else is the default. */
export function batchEncodingFromEnvironment(env: NodeJS.ProcessEnv = process.env): BatchEncoding {
  const given = env.LEDGERSYNC_BATCH_ENCODING;
  return isBatchEncoding(given) ? given : DEFAULT_BATCH_ENCODING;
}

export function encodeBatch(items: unknown[], encoding: BatchEncoding): BatchPayload {
  const json = JSON.stringify(items);
  return encoding === 'utf8' ? Buffer.from(json, 'utf8') : json;
}

/** The payload was not a JSON array of records: says what it was, never quotes it (it may hold data). */
export class BatchDecodeError extends Error {
  readonly code = 'PLUGIN_BATCH_INVALID';
}

const decoder = new TextDecoder('utf-8', { fatal: true });

export function decodeBatch(payload: unknown): unknown[] {
  let text: string;
  if (typeof payload === 'string') text = payload;
  else if (payload instanceof Uint8Array) {
    try {
      text = decoder.decode(payload);
    } catch {
      throw new BatchDecodeError(`a batch of ${payload.length} bytes is not valid UTF-8`);
    }
  } else throw new BatchDecodeError(`a batch arrived as ${payload === null ? 'null' : typeof payload}, not JSON text`);
  let items: unknown;
  try {
    items = JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the text, which may hold data.
    throw new BatchDecodeError(`a batch of ${text.length} characters is not valid JSON`);
  }
  if (!Array.isArray(items)) throw new BatchDecodeError(`a batch is JSON ${items === null ? 'null' : typeof items}, not an array of records`);
  return items;
}
