import { FastifyReply, FastifyRequest } from 'fastify';
import './auth-failure-limits';
import { sameDigest, sha256 } from '../access/secrets';
import { AccountantSession } from '../access/accountant-access';
import { PlatformError, PlatformErrorCode } from '../errors';
import { Platform } from '../platform';

export const SESSION_COOKIE = 'ls_session';
export const CSRF_HEADER = 'x-csrf-token';
export const LEASE_HEADER = 'x-ledgersync-lease';

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/** The connector whose credential the call carries (`Authorization: Bearer lsc:<id>:<secret>`); 401 otherwise. */
export async function authenticatedConnector(request: FastifyRequest, platform: Platform): Promise<string> {
  return platform.connectors.authenticate(bearer(request));
}

/** The lease secret of the task the call is about; an absent header is a lease not held. */
export function leaseOf(request: FastifyRequest): string {
  const lease = request.headers[LEASE_HEADER];
  return typeof lease === 'string' ? lease : '';
}

/**
 * An accountant: an API token (`Authorization: Bearer lsa:…`, for scripts: browsers never send it
 * on their own, so it needs no CSRF token), or the session cookie, with the CSRF token on every
 * state change (the cookie is SameSite=Strict too: two locks, the second for old browsers).
 */
export async function authenticatedAccountant(request: FastifyRequest, platform: Platform, reply: FastifyReply): Promise<AccountantSession> {
  const token = bearer(request);
  if (token !== undefined) {
    // Too many refused tokens from this address: 429 before the token is even looked up.
    await request.server.authFailures.beforeToken(request, reply);
    const byToken = await platform.accountants.byToken(token);
    if (!byToken) {
      await request.server.authFailures.tokenFailed(request);
      throw new PlatformError(PlatformErrorCode.Unauthorized, 'the API token is not valid (or was revoked)');
    }
    return byToken;
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  const session = cookie ? await platform.accountants.bySession(cookie) : undefined;
  if (!session) throw new PlatformError(PlatformErrorCode.Unauthorized, 'log in first (POST /api/session) or send an API token');
  if (!['GET', 'HEAD'].includes(request.method)) {
    const csrf = request.headers[CSRF_HEADER];
    if (typeof csrf !== 'string' || !session.csrfSha256 || !sameDigest(session.csrfSha256, sha256(csrf))) {
      throw new PlatformError(PlatformErrorCode.Forbidden, `a change needs the session's CSRF token (${CSRF_HEADER})`);
    }
  }
  return session;
}
