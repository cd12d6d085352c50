import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSource, editSource, hashSource, syncSource } from '../../bench/diff/phases';

/** The benchmark's scenario at 10,000 lines, for correctness only: the figures are the bench's business. */
describe('bench: diff engine on a generated 10k-line dossier', function () {
  this.timeout(120_000);
  const workDir = mkdtempSync(join(tmpdir(), 'ledgersync-bench-test-'));
  const files = { sourceUrl: `sqlite:${join(workDir, 'source.db')}`, stateFile: join(workDir, 'state.db') };
  after(() => rmSync(workDir, { recursive: true, force: true }));

  it('a full sync sends every record; the nightly incremental finds exactly the hard deletes, silent and stamped corrections', async () => {
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
    const incremental = await syncSource(files, dossier.dossierId, 'incremental', edits);
    expect(incremental.deletesFound).to.equal(100);
    expect(incremental.deletes, 'nothing deleted but the night\'s deletes').to.equal(100);
    expect(incremental.silentFound).to.equal(10);
    expect(incremental.changedFound).to.equal(edits.changed.length);
    expect(incremental.upserts, 'nothing upserted but the night\'s corrections').to.equal(edits.changed.length + edits.silent.length);

    const again = await syncSource(files, dossier.dossierId, 'incremental');
    expect(again.upserts + again.deletes, 'a second night without edits sends nothing').to.equal(0);
  });
});
