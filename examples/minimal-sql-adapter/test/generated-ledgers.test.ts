import { expect } from 'chai';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SqlFixtureClient, SqlFixtureDriver } from '../src';

/*
 * The conformance suite on ledgers generated from fixed seeds (all of the format, never shaped to
 * this adapter), through the plugin host, on SQLite, MariaDB and PostgreSQL. Small books keep it
 * fast; the 800-line entry and the 9·10¹¹-cent amount stay. Every loss and skip must be visible.
 * The suite is loaded at run time, as conformance.test.ts does, so the example needs no
 * compile-time reference to it.
 */
interface Report {
  passed: boolean;
  results: { ledger: string; step: number; check: string; status: string; message?: string }[];
  skippedSteps: { step: number; entity?: string; id?: string; reason: string }[];
  driver: { losses: { entity: string; field: string }[] };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const suite = require('@ledgersync/conformance') as {
  writeGeneratedLedgers(seeds: number[], options?: { invoices?: number }): string[];
  runConformance(options: { plugin: string; ledgers: string[]; driver: () => unknown }): Promise<Report>;
  formatReport(report: Report): string;
};

const NAMES: Record<SqlFixtureClient, string> = { sqlite: 'SQLite', mysql: 'MariaDB', postgres: 'PostgreSQL' };

describe('minimal SQL adapter: conformance on generated ledgers (seeds 1, 2, 3)', function () {
  this.timeout(600_000);
  let files: string[];

  before(() => {
    files = suite.writeGeneratedLedgers([1, 2, 3], { invoices: 12 });
  });
  after(() => rmSync(dirname(files[0]), { recursive: true, force: true }));

  for (const client of ['sqlite', 'mysql', 'postgres'] as const) {
    describe(`on ${NAMES[client]}`, () => {
      let report: Report;
      before(async () => {
        report = await suite.runConformance({ plugin: join(__dirname, '..', '..'), ledgers: files, driver: () => new SqlFixtureDriver(client) });
      });

      it('fails no check', () => {
        const failed = report.results.filter((r) => r.status === 'failed').map((r) => `${r.ledger} ${r.step} ${r.check}: ${r.message}`);
        expect(failed, suite.formatReport(report)).to.deep.equal([]);
        expect(report.passed).to.equal(true);
      });

      it('declares no loss: plain columns keep every field', () => {
        expect(report.driver.losses).to.deep.equal([]);
      });

      it('skips no step', () => {
        expect(report.skippedSteps.map((s) => `${s.step} ${s.entity} ${s.id}: ${s.reason}`)).to.deep.equal([]);
      });

      // SQLite keeps text in an INTEGER column (type affinity); a BIGINT column on MariaDB and
      // PostgreSQL refuses it (the bad record `currencyAmount: "twelve"`), so there the driver
      // declares that bad records cannot be held: the bad-records check is skipped with that reason,
      // visibly, and the step with the silent change and the bad records still runs every other check
      it(client === 'sqlite' ? 'checks the bad records (quarantined and reported)' : 'skips the bad-records check with the declared reason, and only that', () => {
        const badRecords = report.results.filter((r) => r.check === 'bad-records');
        expect(badRecords.length).to.be.above(0);
        const statuses = [...new Set(badRecords.map((r) => r.status))];
        if (client === 'sqlite') {
          expect(statuses).to.deep.equal(['passed']);
          expect(badRecords.some((r) => /bad record\(s\) quarantined/.test(r.message ?? ''))).to.equal(true);
          return;
        }
        expect(statuses).to.deep.equal(['skipped']);
        for (const r of badRecords) expect(r.message).to.match(/the backend cannot hold bad records: .*BIGINT/);
        // besides it, only what follows from having no push on every backend (package.json): the
        // proposals, and the ledger's own figures that count the entries they would book
        const others = report.results.filter((r) => r.status === 'skipped' && r.check !== 'bad-records');
        expect(others.filter((r) => !/push|proposals/.test(r.message ?? '')).map((r) => `${r.step} ${r.check}: ${r.message}`)).to.deep.equal([]);
      });
    });
  }
});
