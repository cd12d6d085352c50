import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import knex, { Knex } from 'knex';
import { Account, bucketDigests, compareIds, registerSqliteFunctions, SqlDialectName, SqlExtraction, SqlRunner } from '../../src';

/** Ids no package would pick: spaces, quotes, a backslash, non-ASCII letters, digits before letters. */
const IDS = ['400000', '440 000', "O'Brien", '"quoted"', 'Straße «b»', 'łódź 7', 'Σ-12', '帳簿 9', 'a\\b', 'Z', 'ä', '00 7', ...Array.from({ length: 40 }, (_, i) => `acc ${i}`)];
const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

interface Live {
  name: SqlDialectName;
  db: Knex;
  runner: SqlRunner;
  drop(): Promise<void>;
}

/** Rows of a knex.raw result, whatever the client. */
function rowsOf(client: SqlDialectName, result: unknown): Record<string, unknown>[] {
  if (client === 'postgres') return (result as { rows: Record<string, unknown>[] }).rows;
  if (client === 'mysql') return (result as [Record<string, unknown>[]])[0];
  return result as Record<string, unknown>[];
}

async function openLive(name: SqlDialectName): Promise<Live | undefined> {
  const database = `ls_sql_${randomBytes(5).toString('hex')}`;
  if (name === 'sqlite') {
    const db = knex({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true, pool: { min: 1, max: 1, afterCreate: (conn: Parameters<typeof registerSqliteFunctions>[0], done: (e: Error | null) => void) => { registerSqliteFunctions(conn); done(null); } } });
    return { name, db, runner: { query: async (sql, b) => rowsOf(name, await db.raw(sql, b as Knex.RawBinding[])) }, drop: () => db.destroy() };
  }
  const admin = name === 'postgres'
    ? knex({ client: 'pg', connection: { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' } })
    : knex({ client: 'mysql2', connection: { host: '127.0.0.1', port: 3306, user: 'root' } });
  try {
    await admin.raw(name === 'postgres' ? `CREATE DATABASE ${database}` : `CREATE DATABASE ${database} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } catch {
    await admin.destroy();
    return undefined;
  }
  const db = name === 'postgres'
    ? knex({ client: 'pg', connection: { host: '127.0.0.1', port: 5432, user: 'postgres', database } })
    : knex({ client: 'mysql2', connection: { host: '127.0.0.1', port: 3306, user: 'root', database, charset: 'utf8mb4' } });
  return {
    name, db,
    runner: { query: async (sql, b) => rowsOf(name, await db.raw(sql, b as Knex.RawBinding[])) },
    drop: async () => {
      await db.destroy();
      await admin.raw(`DROP DATABASE ${database}`);
      await admin.destroy();
    },
  };
}

for (const name of ['sqlite', 'postgres', 'mysql'] as SqlDialectName[]) {
  describe(`SqlExtraction on ${name} (live)`, function () {
    this.timeout(60_000);
    let live: Live | undefined;
    let sql: SqlExtraction;
    const marker = (i: number) => `2025-01-0${1 + (i % 3)}T00:00:00.000Z`;

    before(async function () {
      live = await openLive(name);
      if (!live) return this.skip();
      await live.db.schema.createTable('gl_account', (t) => {
        t.string('code', 64).primary();
        t.string('label', 200);
        t.string('updated', 30);
        t.integer('reconcilable');
      });
      await live.db('gl_account').insert(IDS.map((code, i) => ({ code, label: `label ${i} «ü»`, updated: marker(i), reconcilable: i % 2 })));
      sql = new SqlExtraction(live.runner, name, {
        account: {
          // the package's own query: its columns as the model's, and the record's text to fingerprint
          sql: "SELECT code AS id, updated AS marker, CONCAT(code, '|', label, '|', reconcilable) AS text, label, reconcilable FROM gl_account",
          toRecord: (row): Account => ({ id: String(row.id), name: String(row.label), reconcilable: Number(row.reconcilable) === 1 }),
        },
      });
    });
    after(async () => live?.drop());

    const textOf = (code: string) => `${code}|label ${IDS.indexOf(code)} «ü»|${IDS.indexOf(code) % 2}`;

    it('reads every record in code-point id order, with the MD5 fingerprint of its text', async () => {
      const rows = [];
      for await (const row of sql.read('d', 'account')) rows.push(row);
      expect(rows.map((r) => r.id)).to.deep.equal([...IDS].sort(compareIds));
      for (const row of rows) expect(row.fingerprint).to.equal(md5(textOf(row.id)).slice(0, 16));
      expect(rows.find((r) => r.id === "O'Brien")?.record).to.deep.equal({ id: "O'Brien", name: 'label 2 «ü»', reconcilable: false });
    });

    it('reads since a marker in (marker, id) order, and resumes behind a cursor', async () => {
      const all = [];
      for await (const row of sql.read('d', 'account', { since: marker(1) })) all.push(row);
      const expected = IDS.filter((_, i) => marker(i) >= marker(1)).map((id) => [marker(IDS.indexOf(id)), id]).sort((a, b) => compareIds(a[0], b[0]) || compareIds(a[1], b[1])).map(([, id]) => id);
      expect(all.map((r) => r.id)).to.deep.equal(expected);
      const rest = [];
      for await (const row of sql.read('d', 'account', { since: marker(1), after: all[9].cursor })) rest.push(row.id);
      expect(rest).to.deep.equal(expected.slice(10));
    });

    it('reads and lists keys a page a statement (keyset, pageSize), the same rows as one page', async () => {
      let statements = 0;
      const counting: SqlRunner = { query: (text, b) => ((statements += 1), live!.runner.query(text, b)) };
      const paged = new SqlExtraction(counting, name, { account: { sql: "SELECT code AS id, updated AS marker, CONCAT(code, '|', label, '|', reconcilable) AS text, label, reconcilable FROM gl_account", toRecord: (row): Account => ({ id: String(row.id), name: String(row.label), reconcilable: Number(row.reconcilable) === 1 }) } }, { pageSize: 5 });
      const whole = [];
      for await (const row of sql.read('d', 'account', { since: marker(0) })) whole.push([row.id, row.fingerprint, row.cursor]);
      const pages = [];
      for await (const row of paged.read('d', 'account', { since: marker(0) })) pages.push([row.id, row.fingerprint, row.cursor]);
      expect(pages).to.deep.equal(whole);
      expect(statements).to.equal(Math.floor(IDS.length / 5) + 1);
      statements = 0;
      const keys = [];
      for await (const key of paged.keys('d', 'account')) keys.push(key.id);
      expect(keys).to.deep.equal([...IDS].sort(compareIds));
      expect(statements).to.equal(Math.floor(IDS.length / 5) + 1);
    });

    it('refuses a cursor the listing did not give, naming dossier and entity', async () => {
      const error = await (async () => {
        for await (const row of sql.read('BE042', 'account', { since: marker(0), after: JSON.stringify(['only one part']) })) void row;
      })().catch((e: unknown) => e);
      expect(error).to.have.property('code', 'ADAPTER_SOURCE_ERROR');
      expect((error as Error).message).to.contain('dossier BE042, account: cursor');
    });

    it('builds one compact JSON array text per row and joins rows in order, the same bytes on every dialect', async () => {
      const d = sql.dialect;
      const cells = [{ sql: 'j.label', kind: 'text' as const }, { sql: 'j.amount', kind: 'number' as const }, { sql: 'j.flag', kind: 'boolean' as const }, { sql: 'j.missing', kind: 'text' as const }];
      await live!.db.schema.createTable('json_cells', (t) => {
        t.integer('pos');
        t.string('label', 200);
        t.bigInteger('amount');
        t.boolean('flag');
        t.string('missing', 10);
      });
      const labels = ['plain', 'a "quoted" \\ back\tslash', 'Straße «ü» 帳簿 🙂', "O'Brien, [x]"];
      // stored last row first: the join's order is `order`'s, not the table's
      const rows = labels.map((label, pos) => ({ pos, label, amount: pos === 2 ? '-9007199254740993' : String(pos * 1000), flag: pos % 2 === 1, missing: null })).reverse();
      await live!.db('json_cells').insert(rows);
      const text = `SELECT ${d.concat(["'['", d.joinRows({ text: d.jsonArray(cells), from: 'json_cells j', where: 'j.pos >= 0', order: 'j.pos' }), "']'"])} AS t`;
      const [row] = await live!.runner.query(text, []);
      const amount = (pos: number) => (pos === 2 ? '-9007199254740993' : String(pos * 1000));
      const expected = `[${labels.map((label, pos) => `[${JSON.stringify(label)},${amount(pos)},${pos % 2},null]`).join(',')}]`;
      expect(String(row.t)).to.equal(expected);
      await live!.db.schema.dropTable('json_cells');
    });

    it('computes each row\'s bucket once per statement for a list of buckets (SQLite: counted JS calls)', async function () {
      if (name !== 'sqlite') return this.skip();
      // the one pooled connection, its ls_bucket32 replaced by a counting one (same result)
      const connection = await (live!.db.client as { acquireConnection(): Promise<Parameters<typeof registerSqliteFunctions>[0]> }).acquireConnection();
      let calls = 0;
      connection.function('ls_bucket32', { deterministic: true }, (id) => ((calls += 1), createHash('md5').update(String(id), 'utf8').digest().readUInt32BE(0)));
      await (live!.db.client as { releaseConnection(c: unknown): Promise<void> }).releaseConnection(connection);
      try {
        const ranges = [1, 5, 9, 13, 17, 21, 25].map((value) => ({ bits: 5, value }));
        const read = [];
        for await (const row of sql.read('d', 'account', { ranges })) read.push(row.id);
        expect(read.length).to.be.above(0);
        expect(calls, 'read').to.be.at.most(IDS.length);
        calls = 0;
        for await (const digest of sql.digests('d', 'account', { bits: 8, ranges })) void digest;
        // the filter once a row, and the digest's own bucket once for each row the filter kept
        expect(calls, 'digests').to.be.at.most(IDS.length * 2);
      } finally {
        const again = await (live!.db.client as { acquireConnection(): Promise<Parameters<typeof registerSqliteFunctions>[0]> }).acquireConnection();
        registerSqliteFunctions(again);
        await (live!.db.client as { releaseConnection(c: unknown): Promise<void> }).releaseConnection(again);
      }
    });

    it('digests a whole table on SQLite with no ls_bucket32 call: the fold buckets each id in its own call (one JS call a record, not two)', async function () {
      if (name !== 'sqlite') return this.skip();
      type Host = Parameters<typeof registerSqliteFunctions>[0];
      const client = live!.db.client as { acquireConnection(): Promise<Host>; releaseConnection(c: unknown): Promise<void> };
      const connection = await client.acquireConnection();
      let calls = 0;
      connection.function('ls_bucket32', { deterministic: true }, (id) => ((calls += 1), createHash('md5').update(String(id), 'utf8').digest().readUInt32BE(0)));
      await client.releaseConnection(connection);
      try {
        const records = IDS.map((id) => ({ id, fingerprint: md5(textOf(id)).slice(0, 16) }));
        for (const bits of [1, 10, 32]) {
          const digests = [];
          for await (const digest of sql.digests('d', 'account', { bits })) digests.push(digest);
          expect(digests, `bits ${bits}`).to.deep.equal(bucketDigests(records, bits));
        }
        expect(calls, 'ls_bucket32 calls').to.equal(0);
      } finally {
        const again = await client.acquireConnection();
        registerSqliteFunctions(again);
        await client.releaseConnection(again);
      }
    });

    it('digests in one row a call on SQLite: the buckets are folded in the statement, no fingerprint a record crosses to JS', async function () {
      if (name !== 'sqlite') return this.skip();
      let rows = 0;
      const counting = new SqlExtraction({ query: async (text, b) => {
        const result = await live!.runner.query(text, b);
        rows += result.length;
        return result;
      } }, name, { account: { sql: "SELECT code AS id, updated AS marker, CONCAT(code, '|', label, '|', reconcilable) AS text FROM gl_account", toRecord: (row) => ({ id: String(row.id) }) as Account } });
      const digests = [];
      for await (const digest of counting.digests('d', 'account', { bits: 10 })) digests.push(digest);
      expect(digests.length).to.be.above(10);
      expect(digests).to.deep.equal(bucketDigests(IDS.map((id) => ({ id, fingerprint: md5(textOf(id)).slice(0, 16) })), 10));
      expect(rows).to.equal(1);
    });

    it('lists keys and computes bucket digests exactly as bucketDigests does, within a bucket and over bucket lists', async () => {
      const records = IDS.map((id) => ({ id, fingerprint: md5(textOf(id)).slice(0, 16) }));
      for (const bits of [1, 4, 10, 32]) {
        const digests = [];
        for await (const digest of sql.digests('d', 'account', { bits })) digests.push(digest);
        expect(digests, `bits ${bits}`).to.deep.equal(bucketDigests(records, bits));
      }
      const within = [];
      for await (const digest of sql.digests('d', 'account', { bits: 6, within: { bits: 2, value: 1 } })) within.push(digest);
      expect(within).to.deep.equal(bucketDigests(records, 6).filter((d) => d.bucket >> 4 === 1));
      const listed = [];
      for await (const digest of sql.digests('d', 'account', { bits: 5, ranges: [{ bits: 5, value: 3 }, { bits: 5, value: 17 }] })) listed.push(digest);
      expect(listed).to.deep.equal(bucketDigests(records, 5).filter((d) => d.bucket === 3 || d.bucket === 17));
      const keys = [];
      for await (const key of sql.keys('d', 'account', { bits: 1, value: 0 })) keys.push(key.id);
      const inBucket = bucketDigests(records, 1).find((d) => d.bucket === 0)!.count;
      expect(keys).to.have.length(inBucket);
      expect(keys).to.deep.equal([...keys].sort(compareIds));
    });
  });
}
