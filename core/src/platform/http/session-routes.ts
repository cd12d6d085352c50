import { FastifyInstance } from 'fastify';
import { PlatformError, PlatformErrorCode } from '../errors';
import { Platform } from '../platform';
import { authenticatedAccountant, SESSION_COOKIE } from './authentication';
import { loginPage } from './login-page';

/** Log in and out (failed logins limited: auth-failure-limits.ts). The session secret travels only in an HttpOnly, SameSite=Strict cookie; the CSRF token in the answer. */
export function sessionRoutes(app: FastifyInstance, platform: Platform, options: { secureCookies: boolean }): void {
  app.get('/login', async (_request, reply) => reply.type('text/html; charset=utf-8').send(loginPage()));

  app.post<{ Body: { userId: string; password: string } }>(
    '/api/session',
    {
      schema: {
        body: {
          type: 'object',
          required: ['userId', 'password'],
          additionalProperties: false,
          properties: { userId: { type: 'string', minLength: 1, maxLength: 64 }, password: { type: 'string', minLength: 1, maxLength: 1024 } },
        },
      },
    },
    async (request, reply) => {
      const { userId, password } = request.body;
      const limiter = request.server.authFailures;
      await limiter.beforeLogin(request, reply, userId);
      const { session, csrfToken } = await platform.accountants.login(userId, password).catch(async (error: unknown) => {
        if (error instanceof PlatformError && error.code === PlatformErrorCode.Unauthorized) await limiter.loginFailed(request, userId);
        throw error;
      });
      reply.setCookie(SESSION_COOKIE, session, { httpOnly: true, sameSite: 'strict', path: '/', secure: options.secureCookies });
      return { userId: request.body.userId, csrfToken };
    },
  );

  app.delete('/api/session', async (request, reply) => {
    await authenticatedAccountant(request, platform, reply);
    await platform.accountants.logout(request.cookies[SESSION_COOKIE] ?? '');
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { loggedOut: true };
  });
}
