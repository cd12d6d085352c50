import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Platform, startPlatformServer } from '../../src/platform';
import { BenchCheck, BenchContext, BenchResult, BenchRow, BenchSection } from '../section';

/** The platform's memory under a flood of big changeset pages (issue 17: eight 30 MB pages took it to 567 MB). */
const FLOODS = [
  { count: 8, megabytes: 30, label: '8 pages of 30 MB at once (over the body limit)' },
  { count: 8, megabytes: 12, label: '8 pages of 12 MB at once (under the limit, over the concurrency cap)' },
];
const RSS_LIMIT_MB = 300;

async function flood(url: string, credential: string, count: number, megabytes: number): Promise<number[]> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, '..', 'platform', 'page-flood.js'), url, String(count), String(megabytes)], {
    env: { ...process.env, LEDGERSYNC_CONNECTOR_CREDENTIAL: credential },
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout) as number[];
}

export const section: BenchSection = {
  name: 'platform-pages',
  async run(context: BenchContext): Promise<BenchResult> {
    const platform = await Platform.open({ client: 'sqlite', filename: join(context.workDir, 'platform.db') });
    const server = await startPlatformServer(platform);
    const credential = await platform.connectors.issue('flood');
    const rows: BenchRow[] = [];
    const checks: BenchCheck[] = [];
    try {
      for (const { count, megabytes, label } of FLOODS) {
        global.gc?.();
        const baseline = process.memoryUsage.rss();
        let peak = baseline;
        const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
        const started = Date.now();
        const statuses = await flood(server.url, credential, count, megabytes);
        clearInterval(sampler);
        peak = Math.max(peak, process.memoryUsage.rss());
        const byStatus = statuses.reduce<Record<string, number>>((counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});
        context.log(`${label}: ${JSON.stringify(byStatus)}, peak RSS ${(peak / 2 ** 20).toFixed(0)} MB`);
        rows.push({
          label,
          figures: { answers: Object.entries(byStatus).map(([status, n]) => `${n}×${status === '0' ? 'closed' : status}`).join(' '), 'peak RSS MB': Math.round(peak / 2 ** 20), 'growth MB': Math.round((peak - baseline) / 2 ** 20), ms: Date.now() - started },
        });
        checks.push({ name: `peak RSS, ${count}×${megabytes} MB`, value: Math.round(peak / 2 ** 20), limit: RSS_LIMIT_MB, unit: 'MB' });
      }
    } finally {
      await server.close();
      await platform.close();
    }
    return { rows, checks, notes: ['the platform runs in the bench process; the pages come from a child process that streams them in 1 MB chunks', 'body limit 16 MB and 4 requests with a body at once (the defaults); over the cap a request gets 503 + Retry-After and the connector retries',
      '"closed": the platform answered 413 on the Content-Length and closed the connection while the client was still sending; 400: the flood pages are not valid pages (refused by the schema after reading)'] };
  },
};
