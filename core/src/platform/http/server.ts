import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import { fastify, FastifyInstance } from 'fastify';
import { Platform } from '../platform';
import { accountantRoutes } from './accountant-routes';
import { AdmissionQueue } from './admission';
import { AuthFailureLimiter, AuthFailureLimits, DEFAULT_AUTH_FAILURE_LIMITS } from './auth-failure-limits';
import { connectorRoutes } from './connector-routes';
import { sendError } from './error-replies';
import { monitoringRoutes } from './monitoring-routes';
import { AllowedHosts, checkHostAndOrigin } from './request-guard';
import { sessionRoutes } from './session-routes';

export interface PlatformServerOptions {
  /** Default 127.0.0.1: the reference platform is not meant to face the internet without TLS in front. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Largest request body (default 16 MB: a changeset page of a few thousand entries, with room). */
  bodyLimit?: number;
  /**
   * Requests with a body handled at once (default 4; `platform serve` uses its pool size, as each
   * holds a database connection): bounds the memory pages take, since a body is read only once admitted.
   */
  maxConcurrentBodies?: number;
  /**
   * Requests with a body that may wait for a place, first come first served (default 4 × maxConcurrentBodies);
   * one more is refused at once with 503 and Retry-After. 0 refuses as soon as every place is taken.
   */
  maxQueuedBodies?: number;
  /** How long a request waits for a place before 503 with Retry-After (default 10 s: well under a connector's 30 s timeout). */
  maxQueueWaitMs?: number;
  /**
   * Host names (`name` or `name:port`) the platform answers to besides the address it listens on:
   * the name a TLS proxy in front of it uses. Any other Host or Origin is refused (DNS rebinding).
   */
  allowedHosts?: string[];
  /** Set the session cookie's Secure flag (behind TLS: do). */
  secureCookies?: boolean;
  /**
   * Structured request logs (pino JSON lines through fastify: request id, method, URL, status, time);
   * off by default. `true` logs to stdout at info; or a level and a stream. Never bodies, headers or credentials.
   */
  logger?: boolean | { level?: string; stream?: { write(line: string): void } };
  /**
   * Failed logins and refused API tokens allowed per window before 429 (defaults: 5 per user name,
   * 20 per client address, 20 refused tokens per address, in 15 minutes). Counted in this process's
   * memory, by the address the connection comes from (behind a proxy: the proxy's).
   */
  authFailureLimits?: Partial<AuthFailureLimits>;
}

const DEFAULT_QUEUE_WAIT_MS = 10_000;

export interface PlatformServer {
  readonly url: string;
  readonly server: Server;
  /**
   * Stops accepting connections, closes idle ones, lets the requests in flight finish (a page being
   * uploaded is applied and answered), and after `drainMs` (default 10 s) cuts what is left: a
   * connector retries a cut page on another process, and the page's sequence keeps it applied once.
   */
  close(options?: { drainMs?: number }): Promise<void>;
}

/**
 * The platform over HTTP, on fastify: a JSON Schema per route (ajv), JSON bodies only, a body limit
 * and a cap on concurrent bodies, Host and Origin checked on every request, every route authenticated.
 * Connectors poll and post here; the platform never calls them. Fastify rather than the former
 * hand-written router: its URL decoding, body parsing and validation are maintained and fuzzed by many.
 */
export async function startPlatformServer(platform: Platform, options: PlatformServerOptions = {}): Promise<PlatformServer> {
  const app = buildPlatformApp(platform, options);
  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    server: app.server,
    close: async ({ drainMs = 10_000 } = {}) => {
      // fastify's close stops listening, answers new requests on open connections with 503 and
      // closes idle keep-alive connections; only the connections still busy after drainMs are cut
      const cut = setTimeout(() => app.server.closeAllConnections(), drainMs);
      try {
        await app.close();
      } finally {
        clearTimeout(cut);
      }
    },
  };
}

export function buildPlatformApp(platform: Platform, options: PlatformServerOptions = {}): FastifyInstance {
  const app = fastify({
    bodyLimit: options.bodyLimit ?? 16 * 1024 * 1024,
    routerOptions: { maxParamLength: 400 },
    keepAliveTimeout: 5_000,
    logger: options.logger ?? false,
    // reject what the schema does not name instead of silently dropping it, and never coerce types
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    // a `__proto__` or `constructor.prototype` key in a body is an error, not a silently stripped key
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  }) as unknown as FastifyInstance;
  // JSON only: a text/plain or form body (what a cross-site page can send without a preflight) is 415
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  app.register(fastifyCookie);
  // Only the counters (createRateLimit): no route is limited by request count, only authentication failures are.
  app.register(fastifyRateLimit, { global: false });
  app.decorate('authFailures', new AuthFailureLimiter(app, { ...DEFAULT_AUTH_FAILURE_LIMITS, ...options.authFailureLimits }));

  const allowed = new AllowedHosts(() => app.server.address() as AddressInfo | null, options.allowedHosts ?? []);
  const cap = options.maxConcurrentBodies ?? 4;
  const admission = new AdmissionQueue({ maxInFlight: cap, maxQueued: options.maxQueuedBodies ?? 4 * cap, maxWaitMs: options.maxQueueWaitMs ?? DEFAULT_QUEUE_WAIT_MS });
  app.addHook('onRequest', async (request, reply) => {
    checkHostAndOrigin(request, allowed);
    if (request.method === 'GET' || request.method === 'HEAD') return;
    // one listener for the response's end, whether it comes while waiting (give the place up) or after admission (give it back)
    const gone = new AbortController();
    let release: (() => void) | undefined;
    reply.raw.once('close', () => (release ? release() : gone.abort()));
    const outcome = await admission.admit(gone.signal);
    if ('refused' in outcome) {
      reply.header('retry-after', '1');
      const why = outcome.refused === 'queue-full' ? `${admission.queued} more are waiting` : `none freed up within ${options.maxQueueWaitMs ?? DEFAULT_QUEUE_WAIT_MS} ms`;
      throw Object.assign(new Error(`the platform is handling ${cap} requests with a body and ${why}; retry shortly`), { statusCode: 503, code: 'PLATFORM_BUSY' });
    }
    // admitted after the client left (its close came between the place freeing and this line): give it back now
    if (gone.signal.aborted) outcome.release();
    else release = outcome.release;
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('cache-control', 'no-store');
  });
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: { code: 'PLATFORM_NOT_FOUND', message: `no route ${request.method} ${request.routeOptions.url ?? 'for this path'}` } });
  });

  app.register(async (scope) => connectorRoutes(scope, platform));
  app.register(async (scope) => sessionRoutes(scope, platform, { secureCookies: options.secureCookies ?? false }));
  app.register(async (scope) => accountantRoutes(scope, platform));
  app.register(async (scope) => monitoringRoutes(scope, platform));
  return app;
}
