import { AddressInfo } from 'node:net';
import { FastifyRequest } from 'fastify';
import { PlatformError, PlatformErrorCode } from '../errors';

/** The `host[:port]` names the platform answers to: its own address (and loopback names for it), plus the operator's. */
export class AllowedHosts {
  constructor(private readonly address: () => AddressInfo | null, private readonly extra: string[]) {}

  includes(hostHeader: string): boolean {
    const host = hostHeader.toLowerCase();
    if (this.extra.some((name) => name.toLowerCase() === host || name.toLowerCase() === host.replace(/:\d+$/, ''))) return true;
    const address = this.address();
    if (!address) return false;
    const port = address.port;
    const own = [address.family === 'IPv6' ? `[${address.address}]` : address.address];
    if (['127.0.0.1', '::1', '::', '0.0.0.0'].includes(address.address)) own.push('localhost', '127.0.0.1', '[::1]');
    return own.some((name) => host === `${name}:${port}`);
  }
}

/**
 * DNS rebinding and cross-site requests: a page on another site that makes the browser call the
 * platform sends a foreign Host (rebinding) or a foreign Origin (cross-site). Both are refused,
 * before routing, whatever the route.
 */
export function checkHostAndOrigin(request: FastifyRequest, allowed: AllowedHosts): void {
  const host = request.headers.host;
  if (!host || !allowed.includes(host)) throw new PlatformError(PlatformErrorCode.Forbidden, 'the Host header does not name this platform');
  const origin = request.headers.origin;
  if (origin !== undefined) {
    let originHost: string | undefined;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = undefined;
    }
    if (originHost === undefined || !allowed.includes(originHost)) throw new PlatformError(PlatformErrorCode.Forbidden, 'requests from another site are refused (Origin)');
  }
  if (request.headers['sec-fetch-site'] === 'cross-site') throw new PlatformError(PlatformErrorCode.Forbidden, 'requests from another site are refused (Sec-Fetch-Site)');
}
