import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { bucketOf, xorFingerprints, ZERO_FINGERPRINT } from '@ledgersync/sdk';
import { bucketSql, fingerprintHalvesSql, fingerprintHex, xorAggregateSql } from '../src';
import { compile, mssql } from './helpers';

const IDS = ['400000', 'C:10000', 'V:20000', '103001|2025-01-08|52', 'Café Sport', '日本語', 'emoji 🚀', '', 'a'.repeat(300)];

/**
 * What SQL Server computes for the compiled bucket expression: MD5 over the UTF-8 bytes, first 4
 * bytes big-endian, integer-divided. Integer division only while the divisor is an integer type:
 * a bare literal above 2^31 - 1 is numeric in T-SQL, and BIGINT / numeric keeps the fraction.
 */
function evaluateBucketSql(sql: string, id: string): number {
  const [, cast, bare] = /AS BIGINT\) \/ (?:CAST\((\d+) AS BIGINT\)|(\d+))$/.exec(sql)!;
  if (bare !== undefined) expect(Number(bare), 'a bare divisor literal must be an int').to.be.at.most(2147483647);
  const divisor = Number(cast ?? bare);
  const head = createHash('md5').update(Buffer.from(id, 'utf8')).digest().readUInt32BE(0);
  return Math.floor(head / divisor);
}

/** Evaluates the compiled XOR aggregate term by term over a group of 32-bit halves. */
function evaluateXorSql(sql: string, halves: number[]): number {
  const terms = [...sql.matchAll(/\(SUM\(\[h\] & CAST\((\d+) AS BIGINT\)\) \/ (\d+)\) % 2 \* (\d+)/g)];
  expect(terms).to.have.length(32);
  let total = 0;
  for (const [, mask, divisor, weight] of terms) {
    const sum = halves.reduce((acc, half) => acc + (BigInt(half) & BigInt(mask)), 0n);
    total += Number(((sum / BigInt(divisor)) % 2n) * BigInt(weight));
  }
  return total;
}

describe('business-central: hashes computed in SQL agree with the sdk', () => {
  it('the bucket expression is bucketOf over the id as UTF-8, at every width', () => {
    for (const bits of [1, 2, 4, 8, 12, 16, 24, 32]) {
      const { sql } = compile(mssql.select(bucketSql(mssql, 'id', bits)));
      expect(sql).to.contain('COLLATE Latin1_General_100_BIN2_UTF8');
      for (const id of IDS) expect(evaluateBucketSql(sql, id), `${id} at ${bits} bits`).to.equal(bucketOf(id, bits));
    }
  });

  it('the XOR aggregate (bit parities of sums) equals XOR over the group', () => {
    const { sql } = compile(mssql.select(xorAggregateSql(mssql, 'h', 'x')));
    const groups = [[], [0xffffffff], [0xdeadbeef, 0x12345678, 0x80000001], Array.from({ length: 1001 }, (_, i) => (i * 2654435761) >>> 0)];
    for (const group of groups) expect(evaluateXorSql(sql, group)).to.equal(group.reduce((acc, half) => (acc ^ half) >>> 0, 0));
  });

  it('fingerprints are the two halves as 16 hex digits, and XOR like the sdk does', () => {
    expect(fingerprintHex('3735928559', 1)).to.equal('deadbeef00000001');
    expect(fingerprintHex(0, '4294967295')).to.equal('00000000ffffffff');
    expect(() => fingerprintHex('4294967296', 0)).to.throw(RangeError);
    expect(() => fingerprintHex(-1, 0)).to.throw(RangeError);
    const rows = [fingerprintHex(0xdeadbeef, 0x1), fingerprintHex(0x12345678, 0x9abcdef0)];
    const halvesXor = fingerprintHex((0xdeadbeef ^ 0x12345678) >>> 0, (0x1 ^ 0x9abcdef0) >>> 0);
    expect(rows.reduce(xorFingerprints, ZERO_FINGERPRINT)).to.equal(halvesXor);
  });
});

/**
 * What SQL Server hashes for the compiled fingerprint: the CONCAT's arguments evaluated over one row
 * (a literal N'…' as itself, a column as its text, DATALENGTH of an nvarchar as two bytes a UTF-16
 * unit). Only the forms the compiled SQL uses are understood; anything else fails the test.
 */
function evaluateFingerprintText(sql: string, row: Record<string, string>): string {
  const concat = /HASHBYTES\('MD5', CONCAT\((.*?), N''\)\)/.exec(sql);
  expect(concat, sql).to.not.equal(null);
  const args = concat![1].match(/DATALENGTH\(CAST\(\[f\]\.\[\w+\] AS nvarchar\(max\)\)\)|N'(?:[^']|'')*'|\[f\]\.\[\w+\]/g)!;
  expect(args.join(', '), 'every CONCAT argument understood').to.equal(concat![1]);
  return args
    .map((arg) => {
      const length = /^DATALENGTH\(CAST\(\[f\]\.\[(\w+)\] AS nvarchar\(max\)\)\)$/.exec(arg);
      if (length) return String(row[length[1]].length * 2);
      const literal = /^N'((?:[^']|'')*)'$/.exec(arg);
      if (literal) return literal[1].replace(/''/g, "'");
      return row[/^\[f\]\.\[(\w+)\]$/.exec(arg)![1]];
    })
    .join('');
}

describe('business-central: fingerprint text', () => {
  it('changes when a separator moves from one column into the next (a silent change digests would miss)', () => {
    const { sql } = compile(mssql.select(fingerprintHalvesSql(mssql, 'f', ['id', 'number', 'description'])).from('t'));
    const before = evaluateFingerprintText(sql, { id: 'E1', number: 'A|', description: 'B' });
    const after = evaluateFingerprintText(sql, { id: 'E1', number: 'A', description: '|B' });
    expect(before).to.not.equal(after);
    // and still equal for equal rows
    expect(evaluateFingerprintText(sql, { id: 'E1', number: 'A', description: '|B' })).to.equal(after);
  });
});
