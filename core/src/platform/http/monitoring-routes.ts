import { monitoringPage } from '../monitoring/page';
import { monitoringSummary } from '../monitoring/summary';
import { Platform } from '../platform';
import { Router } from './router';

export function monitoringRoutes(router: Router, platform: Platform): void {
  router.add('GET', '/api/monitoring', async () => ({ json: await monitoringSummary(platform) }));
  router.add('GET', '/monitoring', async () => ({ html: monitoringPage(await monitoringSummary(platform)) }));
}
