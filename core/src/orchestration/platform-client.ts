import { setTimeout as sleep } from 'node:timers/promises';
import { PlatformRequestError, PlatformUnreachableError } from './errors';

export interface PlatformClientOptions {
  /** Per request (default 30 s). */
  timeoutMs?: number;
  /** Attempts per call on transport faults and 5xx (default 6). */
  attempts?: number;
  /** First retry delay, doubled per attempt (default 500 ms). */
  retryBaseMs?: number;
  /** The connector's credential (`lsc:<id>:<secret>`) or an accountant's API token, sent as a bearer token; a secret, never in an error or a log. */
  token?: string;
}

/**
 * The connector's side of the wire: JSON over HTTP, retried with back-off on timeouts, dropped
 * connections and 5xx answers. Every call the connector makes is safe to repeat (the platform
 * deduplicates pages, claims and reports), which is what makes retrying right.
 */
export class PlatformClient {
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly retryBaseMs: number;
  private readonly headers: Record<string, string>;

  constructor(readonly baseUrl: string, options: PlatformClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.attempts = options.attempts ?? 6;
    this.retryBaseMs = options.retryBaseMs ?? 500;
    this.headers = options.token ? { authorization: `Bearer ${options.token}` } : {};
  }

  /** `headers`: per call, such as the lease of the task the call is about. */
  async post<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    return this.call<T>('POST', path, body, headers);
  }

  async get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  private async call<T>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
    const headers = { ...this.headers, ...extraHeaders, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      if (attempt > 1) await sleep(this.retryBaseMs * 2 ** (attempt - 2));
      let response: Response;
      try {
        response = await fetch(new URL(path, this.baseUrl), {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        lastError = error;
        continue;
      }
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        lastError = error;
        continue;
      }
      if (response.status >= 500) {
        lastError = new PlatformRequestError(errorOf(text).code, response.status, path, errorOf(text).message);
        continue;
      }
      if (response.status >= 400) {
        const { code, message } = errorOf(text);
        throw new PlatformRequestError(code, response.status, path, message);
      }
      return JSON.parse(text) as T;
    }
    if (lastError instanceof PlatformRequestError) throw lastError;
    throw new PlatformUnreachableError(path, this.attempts, lastError);
  }
}

function errorOf(text: string): { code: string; message: string } {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
    return { code: parsed.error?.code ?? 'PLATFORM_ERROR', message: parsed.error?.message ?? text };
  } catch {
    return { code: 'PLATFORM_ERROR', message: text.slice(0, 200) };
  }
}
