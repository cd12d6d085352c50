import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import { fastify, FastifyInstance } from 'fastify';
import { Platform } from '../platform';
import { accountantRoutes } from './accountant-routes';
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
  /** Requests with a body handled at once (default 4); more get 503 and retry: bounds the memory pages take. */
  maxConcurrentBodies?: number;
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
  let inFlight = 0;
  app.addHook('onRequest', async (request, reply) => {
    checkHostAndOrigin(request, allowed);
    if (request.method === 'GET' || request.method === 'HEAD') return;
    if (inFlight >= cap) {
      reply.header('retry-after', '1');
      throw Object.assign(new Error(`the platform is handling ${cap} requests with a body; retry shortly`), { statusCode: 503, code: 'PLATFORM_BUSY' });
    }
    inFlight++;
    reply.raw.once('close', () => inFlight--);
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
