import { timingSafeEqual } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { LedgersyncError } from '@ledgersync/sdk';
import { PlatformError } from '../errors';
import { Platform } from '../platform';
import { accountantRoutes } from './accountant-routes';
import { connectorRoutes } from './connector-routes';
import { monitoringRoutes } from './monitoring-routes';
import { readJson, Router, sendJson } from './router';

export interface PlatformServerOptions {
  /** Default 127.0.0.1: the reference platform is not meant to face the internet. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Largest request body (default 32 MB: a changeset page of a few thousand entries). */
  bodyLimit?: number;
  /** When set, connector calls must carry `Authorization: Bearer <token>` (a secret: never logged or echoed). */
  connectorToken?: string;
}

export interface PlatformServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** The platform over HTTP: connectors poll and post here; the platform never calls them. */
export async function startPlatformServer(platform: Platform, options: PlatformServerOptions = {}): Promise<PlatformServer> {
  const router = new Router();
  connectorRoutes(router, platform);
  accountantRoutes(router, platform);
  monitoringRoutes(router, platform);
  const bodyLimit = options.bodyLimit ?? 32 * 1024 * 1024;

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://platform');
    const found = router.match(request.method ?? 'GET', url.pathname);
    if (found === undefined) return sendJson(response, 404, { error: { code: 'PLATFORM_NOT_FOUND', message: `no route ${url.pathname}` } });
    if (found === 'wrong-method') return sendJson(response, 405, { error: { code: 'PLATFORM_METHOD_NOT_ALLOWED', message: `${request.method} not allowed on ${url.pathname}` } });
    if (options.connectorToken !== undefined && isConnectorCall(url.pathname) && !hasToken(request.headers.authorization, options.connectorToken)) {
      return sendJson(response, 401, { error: { code: 'PLATFORM_UNAUTHORIZED', message: `${url.pathname} needs the connector token (Authorization: Bearer …)` } });
    }
    (async () => {
      const body = await readJson(request, bodyLimit);
      const result = await found.handler({ params: found.params, query: url.searchParams, body, request });
      if ('html' in result) {
        response.writeHead(result.status ?? 200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(result.html);
      } else sendJson(response, result.status ?? 200, result.json);
    })().catch((error: unknown) => sendJson(response, statusOf(error), { error: { code: codeOf(error), message: (error as Error).message } }));
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The calls only a connector makes. */
function isConnectorCall(path: string): boolean {
  return /^\/api\/(connectors\/|changesets\/|tasks\/\d+\/(start|heartbeat|succeed|fail)$)/.test(path);
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
function hasToken(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function statusOf(error: unknown): number {
  if (error instanceof PlatformError) return error.status;
  const status = (error as { status?: number }).status;
  if (typeof status === 'number') return status;
  return error instanceof LedgersyncError ? 400 : 500;
}

function codeOf(error: unknown): string {
  return (error as { code?: string }).code && typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'PLATFORM_INTERNAL';
}
