import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bucketDigests, bucketOf, ENTITIES, EntityName, readRecordedLedgerFile, replay, ReplayedStep, validateManifest,
} from '@ledgersync/sdk';
import { connect, SqlAdapter, SqlFixtureDriver } from '../src';
import { Column, Table, TABLES } from '../src/tables';

const ROOT = join(__dirname, '..', '..', '..', '..');
const LEDGERS = ['bakery-basic.json', 'closed-period-edit.json', 'real-books-1.1.json'].map((name) => join(ROOT, 'conformance', 'ledgers', name));

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

function expectedRows(replayed: ReplayedStep, entity: EntityName) {
  return [...replayed.source[entity]].map(([id, held]) => ({ id, marker: held.marker, record: held.record })).sort((a, b) => (a.id < b.id ? -1 : 1));
}

const NAMES = { sqlite: 'SQLite', mysql: 'MariaDB', postgres: 'PostgreSQL' } as const;

for (const client of ['sqlite', 'mysql', 'postgres'] as const) {
  describe(`minimal SQL adapter on ${NAMES[client]}`, function () {
    this.timeout(60_000);

    for (const file of LEDGERS) {
      const ledger = readRecordedLedgerFile(file);
      it(`${ledger.name}: reads every entity at every step as the replay holds it, and digests XOR what it reads`, async () => {
        const driver = new SqlFixtureDriver(client);
        const { url } = await driver.setUp(ledger);
        const adapter = new SqlAdapter(connect(url), 3); // tiny pages: every listing crosses page boundaries
        try {
          for (const replayed of replay(ledger)) {
            await driver.materialise(replayed);
            for (const entity of ENTITIES) {
              const rows = await collect(adapter.read(ledger.dossier.id, entity));
              const where = `${entity} at step ${replayed.index}`;
              expect(rows.map((r) => ({ id: r.id, marker: r.marker, record: r.record })), where).to.deep.equal(expectedRows(replayed, entity));
              expect(await collect(adapter.digests(ledger.dossier.id, entity, { bits: 3 })), where).to.deep.equal(bucketDigests(rows, 3));
            }
          }
        } finally {
          await adapter.close();
          await driver.tearDown();
        }
      });
    }

    describe('listings', () => {
      const ledger = readRecordedLedgerFile(LEDGERS[0]);
      const dossier = ledger.dossier.id;
      const steps = [...replay(ledger)];
      const driver = new SqlFixtureDriver(client);
      let adapter: SqlAdapter;

      before(async () => {
        const { url } = await driver.setUp(ledger);
        await driver.materialise(steps[steps.length - 1]);
        adapter = new SqlAdapter(connect(url), 2);
      });
      after(async () => {
        await adapter?.close();
        await driver.tearDown();
      });

      it('reads changes since a marker, inclusive, in (marker, id) order, resumable behind a cursor', async () => {
        const since = '2025-02-06T02:00:00.000Z';
        const rows = await collect(adapter.read(dossier, 'entry', { since }));
        const expected = expectedRows(steps[steps.length - 1], 'entry').filter((r) => r.marker >= since).sort((a, b) => (a.marker + a.id < b.marker + b.id ? -1 : 1));
        expect(rows.map((r) => r.id)).to.deep.equal(expected.map((r) => r.id));
        const rest = await collect(adapter.read(dossier, 'entry', { since, after: rows[0].cursor }));
        expect(rest.map((r) => r.id)).to.deep.equal(rows.slice(1).map((r) => r.id));
      });

      it('reads one bucket, lists keys, and digests within a coarser bucket', async () => {
        const all = await collect(adapter.read(dossier, 'period'));
        const inBucket = await collect(adapter.read(dossier, 'period', { range: { bits: 1, value: 1 } }));
        expect(inBucket.map((r) => r.id)).to.deep.equal(all.filter((r) => bucketOf(r.id, 1) === 1).map((r) => r.id));
        expect((await collect(adapter.keys(dossier, 'period'))).map((k) => k.id)).to.deep.equal(all.map((r) => r.id));
        const within = await collect(adapter.digests(dossier, 'period', { bits: 4, within: { bits: 1, value: 1 } }));
        expect(within).to.deep.equal(bucketDigests(inBucket, 4));
      });

      it('reads and digests a list of buckets as the union of one bucket a call, in order, across pages', async () => {
        expect(adapter.capabilities().bucketLists).to.equal(true);
        const ranges = [1, 2, 5, 6, 7].map((value) => ({ bits: 3, value }));
        const one = async (range: { bits: number; value: number }) => collect(adapter.read(dossier, 'entry', { range }));
        const union = (await Promise.all(ranges.map(one))).flat().sort((a, b) => (a.id < b.id ? -1 : 1));
        const listed = await collect(adapter.read(dossier, 'entry', { ranges }));
        expect(union.length).to.be.above(2); // pages of 2 rows: the listing crosses page boundaries
        expect(listed.map((r) => [r.id, r.fingerprint])).to.deep.equal(union.map((r) => [r.id, r.fingerprint]));
        const since = '2025-02-06T02:00:00.000Z';
        const listedSince = await collect(adapter.read(dossier, 'entry', { since, ranges }));
        expect(listedSince.map((r) => r.id).sort()).to.deep.equal(union.filter((r) => r.marker >= since).map((r) => r.id).sort());
        const digests = await collect(adapter.digests(dossier, 'entry', { bits: 5, ranges }));
        const each = (await Promise.all(ranges.map((within) => collect(adapter.digests(dossier, 'entry', { bits: 5, within }))))).flat();
        expect(digests).to.deep.equal(each);
        expect(await collect(adapter.read(dossier, 'entry', { ranges: [] }))).to.deep.equal([]);
        expect(await collect(adapter.digests(dossier, 'entry', { bits: 5, ranges: [] }))).to.deep.equal([]);
      });

      it('changes a bucket digest, and only that one, on a silent change', async () => {
        const before = await collect(adapter.digests(dossier, 'entry', { bits: 4 }));
        const [line] = await driver.db('entry_line').select('entry_id', 'line').orderBy(['entry_id', 'line']).limit(1);
        await driver.db('entry_line').where(line).update({ description: 'fixed by hand' }); // no marker moves
        const after = await collect(adapter.digests(dossier, 'entry', { bits: 4 }));
        const changed = after.filter((d, i) => d.xor !== before[i].xor).map((d) => d.bucket);
        expect(changed).to.deep.equal([bucketOf(line.entry_id, 4)]);
        expect(after.map((d) => d.count)).to.deep.equal(before.map((d) => d.count));
      });

      /**
       * The fingerprint as defined (queries.ts), computed here from an entry row and its lines: a
       * JSON array of each row's compact JSON array of its cells in table column order, integers written as given.
       */
      const fingerprintOf = ([entry, ...lines]: Record<string, unknown>[]) => {
        const json = (table: Table, row: Record<string, unknown>) => {
          const cell = (column: Column) => {
            const value = row[column.name];
            if (value === null) return 'null';
            return column.kind === 'text' ? JSON.stringify(String(value)) : String(value);
          };
          return `[${table.columns.map(cell).join(',')}]`;
        };
        const text = `[${[json(TABLES.entry, entry), ...lines.map((line) => json(TABLES.entry.child!.table, line))].join(',')}]`;
        return createHash('md5').update(text).digest('hex').slice(0, 16);
      };
      const entryRow = (id: string) => ({ id, journal_id: 'VK', fiscal_year_id: null, period_id: null, number: '', date: '2025-03-01', due_date: null, description: 'a|=b "q" \\ ][,\t', counterparty_id: null, currency: 'EUR', kind: 'closing' });

      /** An id for each of `count` buckets at `bits` that hold no entry yet. */
      const freeIds = async (bits: number, count: number) => {
        const taken = new Set((await collect(adapter.keys(dossier, 'entry'))).map((k) => bucketOf(k.id, bits)));
        const ids: string[] = [];
        for (let i = 0; ids.length < count; i++) {
          const id = `added-${i}`;
          if (!taken.has(bucketOf(id, bits))) ids.push(id);
          taken.add(bucketOf(id, bits));
        }
        return ids;
      };

      /** Runs `check` with the entry row `id` and the entry_line rows `lines` added, then removes them. */
      const withRows = async (id: string, lines: Record<string, unknown>[], check: () => Promise<void>) => {
        await driver.db('entry').insert({ ...entryRow(id), modified: '2025-03-01T00:00:00.000Z' });
        await driver.db.batchInsert('entry_line', lines, 100);
        try {
          await check();
        } finally {
          await driver.db('entry_line').whereIn('entry_id', [id, ...lines.map((line) => String(line.entry_id))]).delete();
          await driver.db('entry').where('id', id).delete();
        }
      };

      it('fingerprints a record as one MD5 over its rows as defined (64-bit amounts exact, NULL as null, text escaped), child rows without a parent in no digest', async () => {
        const bits = 16;
        const [entryId, orphanId] = await freeIds(bits, 2);
        // columns in table order; 2^53 + 1 does not survive a JS number, so only exact SQL text gives this fingerprint
        const lines = [
          { entry_id: entryId, line: 1, account_id: '400000', amount: '9007199254740993', currency_amount: '9007199254740995', description: 'é 🙂', vat_code: null, counterparty_id: null },
          { entry_id: entryId, line: 2, account_id: '', amount: '-9007199254740993', currency_amount: null, description: null, vat_code: '21', counterparty_id: 'C1' },
        ];
        const before = await collect(adapter.digests(dossier, 'entry', { bits }));
        // lines stored out of order (the record's order is theirs), and the same lines under an entry that does not exist
        await withRows(entryId, [lines[1], lines[0], ...lines.map((line) => ({ ...line, entry_id: orphanId }))], async () => {
          const digests = await collect(adapter.digests(dossier, 'entry', { bits }));
          const bucket = bucketOf(entryId, bits);
          const fingerprint = fingerprintOf([entryRow(entryId), ...lines]);
          expect(digests.find((d) => d.bucket === bucket)).to.deep.equal({ bucket, count: 1, xor: fingerprint });
          expect(digests.filter((d) => d.bucket !== bucket), 'the orphan lines changed a digest').to.deep.equal(before);
          const [read] = await collect(adapter.read(dossier, 'entry', { range: { bits, value: bucket } }));
          expect(read.fingerprint).to.equal(fingerprint);
        });
      });

      it('fingerprints an entry of 2,000 long lines whole (GROUP_CONCAT not cut)', async () => {
        const bits = 16;
        const [entryId] = await freeIds(bits, 1);
        const lines = Array.from({ length: 2000 }, (_, i) => ({ entry_id: entryId, line: i + 1, account_id: '400000', amount: i % 2 ? -1 : 1, currency_amount: null, description: `${i} `.padEnd(990, 'x'), vat_code: null, counterparty_id: null }));
        await withRows(entryId, lines, async () => {
          const bucket = bucketOf(entryId, bits);
          const digests = await collect(adapter.digests(dossier, 'entry', { bits, within: { bits, value: bucket } }));
          expect(digests).to.deep.equal([{ bucket, count: 1, xor: fingerprintOf([entryRow(entryId), ...lines]) }]);
        });
      });

      it('reads a record with duplicate line numbers (a bad record) with the fingerprint its digest holds', async () => {
        const bits = 16;
        const [entryId] = await freeIds(bits, 1);
        const line = { entry_id: entryId, line: 1, account_id: '400000', amount: 1, description: null, vat_code: null, counterparty_id: null };
        await withRows(entryId, [{ ...line, description: 'b' }, { ...line, amount: -1, description: 'a' }, { ...line, description: 'c' }], async () => {
          const range = { bits, value: bucketOf(entryId, bits) };
          const [read] = await collect(adapter.read(dossier, 'entry', { range }));
          expect(await collect(adapter.digests(dossier, 'entry', { bits, within: range }))).to.deep.equal([{ bucket: range.value, count: 1, xor: read.fingerprint }]);
        });
      });

      it('refuses a cursor that is not one of the listing\'s, naming dossier and entity', async () => {
        const error = await collect(adapter.read(dossier, 'entry', { since: '2025', after: JSON.stringify(['x']) })).catch((e: unknown) => e);
        expect(error).to.have.property('code', 'ADAPTER_SOURCE_ERROR');
        expect((error as Error).message).to.contain(`dossier ${dossier}, entry: cursor`);
      });

      it('lists its dossier and refuses another', async () => {
        expect(await collect(adapter.listDossiers())).to.deep.equal([ledger.dossier]);
        const error = await collect(adapter.read('BE0000000000', 'entry')).catch((e: unknown) => e);
        expect(error).to.have.property('code', 'ADAPTER_UNKNOWN_DOSSIER');
      });
    });
  });
}

describe('minimal SQL adapter: one digest definition', () => {
  it('computes the same fingerprints and bucket digests on SQLite, MariaDB and PostgreSQL', async () => {
    const ledger = readRecordedLedgerFile(LEDGERS[0]);
    const last = [...replay(ledger)].pop()!;
    const digestsOn = async (client: 'sqlite' | 'mysql' | 'postgres') => {
      const driver = new SqlFixtureDriver(client);
      const adapter = new SqlAdapter(connect((await driver.setUp(ledger)).url));
      try {
        await driver.materialise(last);
        const out: Record<string, unknown> = {};
        for (const entity of ENTITIES) out[entity] = await collect(adapter.digests(ledger.dossier.id, entity, { bits: 5 }));
        return out;
      } finally {
        await adapter.close();
        await driver.tearDown();
      }
    };
    const onSqlite = await digestsOn('sqlite');
    expect(await digestsOn('mysql')).to.deep.equal(onSqlite);
    expect(await digestsOn('postgres')).to.deep.equal(onSqlite);
  });
});

describe('minimal SQL adapter on SQLite: query plans', () => {
  it('finds the rows of one bucket, and digests and reads a list of buckets, through the bucket index, never by walking the table', async () => {
    const ledger = readRecordedLedgerFile(LEDGERS[0]);
    const driver = new SqlFixtureDriver('sqlite');
    const db = connect((await driver.setUp(ledger)).url);
    const adapter = new SqlAdapter(db, 2);
    const statements: { sql: string; bindings: unknown[] }[] = [];
    db.on('query', (query: { sql: string; bindings?: unknown[] }) => statements.push({ sql: query.sql, bindings: query.bindings ?? [] }));
    try {
      await driver.materialise([...replay(ledger)].pop()!);
      await collect(adapter.digests(ledger.dossier.id, 'entry', { bits: 5, within: { bits: 3, value: 5 } }));
      await collect(adapter.read(ledger.dossier.id, 'entry', { range: { bits: 3, value: 5 } }));
      // a digest of a list of buckets (the night's level 2): ORed ranges through the index (bucketIndex), not a scan hashing every id
      await collect(adapter.digests(ledger.dossier.id, 'entry', { bits: 7, ranges: [{ bits: 3, value: 1 }, { bits: 3, value: 5 }, { bits: 3, value: 6 }] }));
      // a read of a list of buckets (the night's leaves): the same ORed ranges, sorted in JS, not an IN list of the shifted bucket scanning the table
      const listed = await collect(adapter.read(ledger.dossier.id, 'entry', { ranges: [{ bits: 3, value: 1 }, { bits: 3, value: 5 }, { bits: 3, value: 6 }] }));
      expect(listed.length).to.be.above(2);
      const listings = statements.filter((s) => /\bfrom `entry`/i.test(s.sql));
      expect(listings.length).to.be.at.least(4);
      for (const { sql, bindings } of listings) {
        const plan = ((await db.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings as never[])) as { detail: string }[]).map((row) => row.detail);
        expect(plan, sql).to.not.include('SCAN t');
        expect(plan.some((detail) => detail.includes('USING INDEX entry_bucket') || detail.includes('USING COVERING INDEX entry_bucket')), sql).to.equal(true);
      }
    } finally {
      await adapter.close();
      await driver.tearDown();
    }
  });
});

describe('minimal SQL adapter fixture: what typed columns hold', () => {
  const ledger = readRecordedLedgerFile(LEDGERS[2]);
  const last = [...replay(ledger)].pop()!;
  /** The last state with one entry line's currencyAmount as text, as generated ledgers' bad records have it. */
  const withTextAmount = () => {
    const entries = new Map(last.source.entry);
    type Lines = { lines: Record<string, unknown>[] };
    const [id, held] = [...entries].find(([, h]) => (h.record as Lines).lines.length > 0)!;
    const own = held.record as Lines;
    const record = { ...own, lines: own.lines.map((line, i) => (i === 0 ? { ...line, currencyAmount: 'twelve' } : line)) };
    entries.set(id, { ...held, record });
    return { id, state: { step: 3, source: { ...last.source, entry: entries } } };
  };

  for (const client of ['mysql', 'postgres'] as const) {
    it(`on ${NAMES[client]}, a step with text in an integer column is not expressible, naming step, entity, id and field`, async () => {
      const driver = new SqlFixtureDriver(client);
      await driver.setUp(ledger);
      try {
        const { id, state } = withTextAmount();
        const error = await driver.materialise(state).catch((e: unknown) => e);
        expect(error).to.include({ code: 'STEP_NOT_EXPRESSIBLE', step: 3, entity: 'entry', id });
        expect((error as Error).message).to.contain('lines[0].currencyAmount');
      } finally {
        await driver.tearDown();
      }
    });
  }

  it('on SQLite, holds the text as written and reads it back unchanged (a bad record stays bad)', async () => {
    const driver = new SqlFixtureDriver('sqlite');
    const adapter = new SqlAdapter(connect((await driver.setUp(ledger)).url));
    try {
      const { id, state } = withTextAmount();
      await driver.materialise(state);
      const read = (await collect(adapter.read(ledger.dossier.id, 'entry'))).find((r) => r.id === id)!;
      expect((read.record as { lines: { currencyAmount?: unknown }[] }).lines[0].currencyAmount).to.equal('twelve');
    } finally {
      await adapter.close();
      await driver.tearDown();
    }
  });
});

describe('minimal SQL adapter plugin', () => {
  it('carries a valid manifest declaring generic-sql, its URL a secret', () => {
    const manifest = validateManifest(JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')));
    expect(manifest.ledgersync.contributes.adapters.map((a) => a.id)).to.deep.equal(['generic-sql']);
  });

  it('is as many lines of adapter and mapping as its README says (code lines: not blank, not comment)', () => {
    const code = (file: string) => readFileSync(join(__dirname, '..', '..', 'src', file), 'utf8').split('\n').filter((line) => !/^\s*$|^\s*(\/\/|\/\*\*?|\*)/.test(line)).length;
    const counted = ['adapter.ts', 'queries.ts', 'tables.ts'].map(code).reduce((a, b) => a + b, 0);
    const documented = /## What an author writes: (\d+) lines/.exec(readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8'))?.[1];
    expect(counted).to.equal(Number(documented));
  });

  it('refuses a URL it cannot use without echoing it', () => {
    expect(() => connect('oracle://user:hunter2@db/x')).to.throw(/ADAPTER_CONFIGURATION_INVALID|url/).and.not.match(/hunter2/);
  });
});
