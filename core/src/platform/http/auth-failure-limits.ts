import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PlatformError, PlatformErrorCode } from '../errors';

/** How many failed authentications a window allows before the platform answers 429. */
export interface AuthFailureLimits {
  /** Wrong passwords for one user name (whatever the address): stops a slow, distributed guess at one account. Default 5. */
  loginFailuresPerUser: number;
  /** Failed logins from one client address (whatever the user name): stops one client trying many accounts. Default 20. */
  loginFailuresPerAddress: number;
  /** Refused API tokens from one client address. Default 20. */
  tokenFailuresPerAddress: number;
  /** The window, from the first failure it counts (default 15 minutes). */
  windowMs: number;
}

export const DEFAULT_AUTH_FAILURE_LIMITS: AuthFailureLimits = { loginFailuresPerUser: 5, loginFailuresPerAddress: 20, tokenFailuresPerAddress: 20, windowMs: 15 * 60_000 };

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

declare module 'fastify' {
  interface FastifyInstance {
    authFailures: AuthFailureLimiter;
  }
}

/**
 * Counts failed logins (per user name and per client address) and refused API tokens (per address)
 * with @fastify/rate-limit's counters. After N failures in a window, the next attempt is answered 429
 * without being checked, until the window (from the first failure) has passed — a right password included, so that a guesser cannot tell the right
 * one by its answer. Only failures count: an office logging in every morning behind one address is
 * not throttled by its own successes.
 */
export class AuthFailureLimiter {
  private limiters?: { user: Limiter; address: Limiter; token: Limiter };

  constructor(private readonly app: FastifyInstance, private readonly limits: AuthFailureLimits) {}

  /** Before the password is checked: 429 while the user name or the address has used up its failures. */
  async beforeLogin(request: FastifyRequest, reply: FastifyReply, userId: string): Promise<void> {
    const { user, address } = this.counters();
    await refuseWhenUsedUp(reply, [await user(withUser(request, userId), { increment: false }), await address(request, { increment: false })]);
  }

  /** A wrong password (or unknown user): counted against the user name and the address. */
  async loginFailed(request: FastifyRequest, userId: string): Promise<void> {
    const { user, address } = this.counters();
    await user(withUser(request, userId));
    await address(request);
  }

  async beforeToken(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    await refuseWhenUsedUp(reply, [await this.counters().token(request, { increment: false })]);
  }

  async tokenFailed(request: FastifyRequest): Promise<void> {
    await this.counters().token(request);
  }

  /** Made on first use: @fastify/rate-limit's decorator exists once the app has loaded its plugins. */
  private counters(): { user: Limiter; address: Limiter; token: Limiter } {
    const { loginFailuresPerUser, loginFailuresPerAddress, tokenFailuresPerAddress, windowMs } = this.limits;
    // User names are matched without regard to case: MariaDB's default collation does the same.
    const userKey = (request: FastifyRequest) => `login-user:${(request as FastifyRequest & { [USER]?: string })[USER]?.toLowerCase() ?? ''}`;
    return (this.limiters ??= {
      user: this.app.createRateLimit({ max: loginFailuresPerUser, timeWindow: windowMs, keyGenerator: userKey }),
      address: this.app.createRateLimit({ max: loginFailuresPerAddress, timeWindow: windowMs, keyGenerator: (request) => `login-address:${request.ip}` }),
      token: this.app.createRateLimit({ max: tokenFailuresPerAddress, timeWindow: windowMs, keyGenerator: (request) => `token-address:${request.ip}` }),
    });
  }
}

const USER = Symbol('login user name');

/** The limiter's key generator sees only the request: the user name rides on it. */
function withUser(request: FastifyRequest, userId: string): FastifyRequest {
  (request as FastifyRequest & { [USER]?: string })[USER] = userId;
  return request;
}

async function refuseWhenUsedUp(reply: FastifyReply, counts: Array<Awaited<ReturnType<Limiter>>>): Promise<void> {
  let waitMs = 0;
  // A peek's `remaining` is what is left of the window's failures: none left refuses the attempt.
  for (const count of counts) if (!count.isAllowed && count.remaining === 0) waitMs = Math.max(waitMs, count.ttl);
  if (waitMs === 0) return;
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  reply.header('retry-after', String(seconds));
  throw new PlatformError(PlatformErrorCode.TooManyFailures, `too many failed attempts to authenticate; try again in ${seconds} s`);
}
