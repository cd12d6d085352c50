import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { chromium } from 'playwright-core';
import { TaskView } from '../../src/platform';
import { publicLedgers } from '../platform/support/ledgers';
import { Harness, materialise } from './support/harness';
import { nextNightWhere, runNight } from './support/nights';

const CHROMIUM = '/usr/bin/chromium';
const CLI = join(__dirname, '..', '..', 'src', 'cli', 'main.js');
const run = promisify(execFile);

describe('monitoring: the /monitoring page in headless Chromium and `ledgersync tasks`', function () {
  this.timeout(60_000);
  const ledgers = publicLedgers();
  let harness: Harness;
  let failedTask: TaskView;

  before(async () => {
    harness = await new Harness({ ledgers }).start();
    const [bakery, joinery] = ledgers.map((l) => l.dossier.id);
    for (const [n] of ledgers.entries()) materialise(harness.plays[n], 0);
    await harness.call('POST', `/api/dossiers/${bakery}/sync`, { kind: 'full', updatedUntil: '2025-01-31', activePeriodId: '2025-02' });
    await harness.call('POST', `/api/dossiers/${joinery}/sync`, { kind: 'full' });
    await harness.connector.drain();
    materialise(harness.plays[0], 1);
    await runNight(harness, nextNightWhere(harness, bakery, false));
    // a proposal dated outside every booking period: the package refuses it, the task fails
    const bad = { id: 'P-BAD', journalId: 'AK', date: '2031-01-01', counterpartyId: 'L200', lines: [{ line: 1, accountId: '604000', amount: 100 }, { line: 2, accountId: '440000', amount: -100 }] };
    const asked = await harness.call<{ task: TaskView }>('POST', `/api/dossiers/${joinery}/proposals`, { proposals: [bad] });
    await harness.connector.drain();
    failedTask = await harness.platform.tasks.get(asked.body.task.id);
  });
  after(async () => harness?.stop());

  it('fails a refused proposal at once, with the adapter error naming dossier, proposal and field', () => {
    expect(failedTask).to.deep.include({ state: 'failed', attempt: 1 });
    expect(failedTask.error?.code).to.equal('ADAPTER_PROPOSAL_REJECTED');
    expect(failedTask.error?.message).to.match(/dossier BE0898765432, proposal P-BAD, field date/);
  });

  it('shows tasks, their timeline, counts, errors and the next scheduled sync per dossier', async function () {
    if (!existsSync(CHROMIUM)) {
      this.skip(); // Debian's chromium is not installed here: `apt-get install -y chromium`
    }
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      // the accountant's API token on every request the page makes (a login would do the same through the cookie)
      const page = await (await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${harness.accountantToken}` } })).newPage();
      const response = await page.goto(`${harness.server.url}/monitoring`);
      expect(response?.status()).to.equal(200);
      expect(await page.title()).to.equal('ledgersync monitoring');
      expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal('Monitoring');

      const counts = await page.locator('ul.counts').innerText();
      expect(counts).to.match(/4\s+succeeded/);
      expect(counts).to.match(/1\s+failed/);

      const bakeryRow = page.locator('#dossiers tr[data-dossier="BE0412345678"]');
      const bakeryText = await bakeryRow.innerText();
      expect(bakeryText).to.include('Bakkerij Janssens BV');
      expect(bakeryText).to.include('2025-01-31');
      expect(bakeryText).to.include('2025-02');
      expect(await bakeryRow.locator('td.next-sync').innerText()).to.match(/^(incremental \(nightly\)|full \(monthly\)) at \d{4}-\d{2}-\d{2} 02:00:00 UTC$/);

      const failedRow = page.locator(`#tasks tr[data-task="${failedTask.id}"]`);
      expect(await failedRow.locator('td.state').innerText()).to.equal('failed');
      expect(await failedRow.locator('td.error').innerText()).to.include('ADAPTER_PROPOSAL_REJECTED');
      expect(await failedRow.locator('ol.timeline li').allInnerTexts()).to.have.length(4);

      const nightly = page.locator('#tasks tr.succeeded').filter({ hasText: 'nightly' }).filter({ hasText: 'BE0412345678' });
      const cells = await nightly.locator('td').allInnerTexts();
      expect(cells.slice(1, 5)).to.deep.equal(['BE0412345678', 'incremental', 'nightly', 'succeeded']);
      expect(Number(cells[6]) + Number(cells[7]), 'upserted + deleted after a night of changes').to.be.greaterThan(0);
      expect(cells[9]).to.match(/entry: [a-z-]+/);
      expect(await page.locator('#connectors').innerText()).to.match(/office-1\s+10 min/);

      // the accountant narrows the list to failed tasks with the form
      await page.locator('select[name="state"]').selectOption('failed');
      await Promise.all([page.waitForURL(/state=failed/), page.getByRole('button', { name: 'Show' }).click()]);
      const states = await page.locator('#tasks tbody td.state').allInnerTexts();
      expect(states).to.deep.equal(['failed']);
      expect(await page.locator('select[name="state"]').inputValue()).to.equal('failed');
      expect(await page.locator('ul.counts').innerText(), 'the counts still cover every task').to.match(/4\s+succeeded/);
    } finally {
      await browser.close();
    }
  });

  it('`ledgersync tasks` lists tasks filtered by state, kind and dossier, over HTTP and from the database', async () => {
    const env = { ...process.env, LEDGERSYNC_PLATFORM_TOKEN: harness.accountantToken };
    const overHttp = await run(process.execPath, [CLI, 'tasks', '--platform', harness.server.url, '--state', 'failed'], { env });
    const lines = overHttp.stdout.trim().split('\n');
    expect(lines[0]).to.match(/^#\s+dossier\s+kind\s+origin\s+state/);
    expect(lines).to.have.length(3);
    expect(lines[2]).to.match(new RegExp(`^${failedTask.id}\\s+BE0898765432\\s+proposal\\s+proposal\\s+failed.*ADAPTER_PROPOSAL_REJECTED`));

    const fromDb = await run(process.execPath, [CLI, 'tasks', '--database', `sqlite:${harness.platformDbPath}`, '--kind', 'incremental', '--dossier', 'BE0412345678', '--json']);
    const tasks = JSON.parse(fromDb.stdout) as TaskView[];
    expect(tasks.map((t) => [t.kind, t.dossierId, t.state])).to.deep.equal([['incremental', 'BE0412345678', 'succeeded']]);

    const refused = await run(process.execPath, [CLI, 'tasks', '--platform', harness.server.url, '--state', 'sleeping'], { env }).catch((error: { code: number; stderr: string }) => error);
    expect((refused as { code: number }).code).to.equal(1);
    expect((refused as { stderr: string }).stderr).to.match(/field state: "sleeping" is not one of queued, claimed/);
  });
});
