import { monitoringPage } from '../monitoring/page';
import { monitoringSummary } from '../monitoring/summary';
import { Platform } from '../platform';
import { taskFilter } from './accountant-routes';
import { Router } from './router';

export function monitoringRoutes(router: Router, platform: Platform): void {
  router.add('GET', '/api/monitoring', async ({ query }) => ({ json: await monitoringSummary(platform, taskFilter(query)) }));
  router.add('GET', '/monitoring', async ({ query }) => ({ html: monitoringPage(await monitoringSummary(platform, taskFilter(query))) }));
}
