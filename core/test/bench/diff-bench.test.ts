import { expect } from 'chai';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex from 'knex';
import { testMysqlUrl } from '../../src/database';
import { openSourceDatabase, SourceDatabase } from '../../bench/diff/bench-source';
import { buildSource, editSource, hashSource, syncSource } from '../../bench/diff/phases';
import { BenchSource } from '../../bench/section';

/** The benchmark's scenario at 10,000 lines, for correctness only: the figures are the bench's business. */
for (const kind of ['sqlite', 'mariadb'] as BenchSource[]) {
  describe(`bench: diff engine on a generated 10k-line dossier (source ${kind})`, function () {
    this.timeout(120_000);
    const workDir = mkdtempSync(join(tmpdir(), 'ledgersync-bench-test-'));
    let source: SourceDatabase;
    before(async () => {
      source = await openSourceDatabase(kind, workDir, () => undefined);
    });
    after(async () => {
      await source?.drop();
      rmSync(workDir, { recursive: true, force: true });
    });

    it('a full sync sends every record; the nightly incremental, and the same night as a monthly full sync, find exactly the hard deletes, silent and stamped corrections', async () => {
      const files = { sourceUrl: source.url, stateFile: join(workDir, 'state.db') };
      const dossier = await buildSource(files, 7, 10_000);
      expect(dossier.lines).to.be.within(9_000, 12_000);
      const floor = await hashSource(files, dossier.dossierId);
      expect(floor.rowsRead).to.equal(dossier.records);

      const full = await syncSource(files, dossier.dossierId, 'full');
      expect(full.upserts).to.equal(dossier.records);
      expect(full.deletes).to.equal(0);

      const edits = await editSource(files, 7, dossier.entries);
      expect(edits.deleted).to.have.length(100);
      expect(edits.silent).to.have.length(10);
      const monthlyFiles = { ...files, stateFile: join(workDir, 'state-monthly.db') };
      copyFileSync(files.stateFile, monthlyFiles.stateFile);
      const incremental = await syncSource(files, dossier.dossierId, 'incremental', edits);
      expect(incremental.deletesFound).to.equal(100);
      expect(incremental.deletes, 'nothing deleted but the night\'s deletes').to.equal(100);
      expect(incremental.silentFound).to.equal(10);
      expect(incremental.changedFound).to.equal(edits.changed.length);
      expect(incremental.upserts, 'nothing upserted but the night\'s corrections').to.equal(edits.changed.length + edits.silent.length);

      const monthly = await syncSource(monthlyFiles, dossier.dossierId, 'full', edits);
      expect([monthly.deletes, monthly.upserts], 'the same night as a monthly full sync sends what the incremental sent').to.deep.equal([incremental.deletes, incremental.upserts]);
      expect([monthly.deletesFound, monthly.silentFound, monthly.changedFound]).to.deep.equal([100, 10, edits.changed.length]);
      expect(monthly.rowsRead, 'a full sync reads every record left').to.equal(dossier.records - 100);

      const again = await syncSource(files, dossier.dossierId, 'incremental');
      expect(again.upserts + again.deletes, 'a second night without edits sends nothing').to.equal(0);
    });
  });
}

describe('bench: --source mariadb', () => {
  it('creates a database ls_bench_<hex> of its own, describes it without the password, and drops it (twice is harmless)', async () => {
    const source = await openSourceDatabase('mariadb', tmpdir(), () => undefined);
    const name = new URL(source.url).pathname.slice(1);
    const server = knex({ client: 'mysql2', connection: testMysqlUrl(''), pool: { min: 0, max: 1 } });
    const databases = async () => ((await server.raw('SHOW DATABASES')) as [{ Database: string }[]])[0].map((row) => row.Database);
    try {
      expect(name).to.match(/^ls_bench_[0-9a-f]{12}$/);
      expect(await databases()).to.include(name);
      expect(source.description).to.match(/^(MariaDB|MySQL) \d+\.\d+/).and.include(name).and.match(/InnoDB buffer pool \d+ MB/);
      const password = decodeURIComponent(new URL(source.url).password);
      if (password) expect(source.description).not.to.include(password);
      await source.drop();
      await source.drop();
      expect(await databases()).not.to.include(name);
    } finally {
      await source.drop();
      await server.destroy();
    }
  });
});
