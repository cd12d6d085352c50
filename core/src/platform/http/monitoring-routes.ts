import { FastifyInstance } from 'fastify';
import { monitoringPage } from '../monitoring/page';
import { monitoringSummary } from '../monitoring/summary';
import { Platform } from '../platform';
import { taskFilter } from './accountant-routes';
import { authenticatedAccountant } from './authentication';
import * as schemas from './schemas';

/** The monitoring tab: accountants only. A browser without a session is sent to the login page. */
export function monitoringRoutes(app: FastifyInstance, platform: Platform): void {
  const query = { schema: { querystring: schemas.taskListQuery } };
  app.get<{ Querystring: Record<string, string> }>('/api/monitoring', query, async (request, reply) => {
    await authenticatedAccountant(request, platform, reply);
    return monitoringSummary(platform, taskFilter(new URLSearchParams(request.query)));
  });
  app.get<{ Querystring: Record<string, string> }>('/monitoring', query, async (request, reply) => {
    try {
      await authenticatedAccountant(request, platform, reply);
    } catch {
      return reply.redirect('/login');
    }
    return reply.type('text/html; charset=utf-8').send(monitoringPage(await monitoringSummary(platform, taskFilter(new URLSearchParams(request.query)))));
  });
}
