import { expect } from 'chai';
import { bucketDigests, bucketOf, canonicalFingerprint, canonicalJson, contentDigest, xorFingerprints, ZERO_FINGERPRINT } from '../src';

describe('digests and fingerprints', () => {
  it('buckets ids by the leading bits of MD5 (RFC 1321 test vectors)', () => {
    // MD5("") = d41d8cd9…, MD5("a") = 0cc175b9…
    expect(bucketOf('', 8)).to.equal(0xd4);
    expect(bucketOf('', 32)).to.equal(0xd41d8cd9);
    expect(bucketOf('a', 10)).to.equal(0x0cc175b9 >>> 22);
    expect(bucketOf('a', 0)).to.equal(0);
    expect(() => bucketOf('a', 33)).to.throw(RangeError);
  });

  it('serialises records with sorted keys, so key order never counts as a change', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).to.equal('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(contentDigest('journal', { id: 'A', name: 'x', type: 'sales' })).to.equal(contentDigest('journal', { type: 'sales', name: 'x', id: 'A' }));
  });

  it('ignores the order of entry lines but not their content', () => {
    const lines = [{ line: 1, accountId: 'a', amount: 1 }, { line: 2, accountId: 'b', amount: -1 }];
    const entry = { id: 'E', lines };
    expect(contentDigest('entry', entry)).to.equal(contentDigest('entry', { id: 'E', lines: [...lines].reverse() }));
    expect(contentDigest('entry', entry)).to.not.equal(contentDigest('entry', { id: 'E', lines: [lines[0], { ...lines[1], amount: -2 }] }));
  });

  it('makes 64-bit fingerprints whose XOR cancels only on the same record', () => {
    const a = canonicalFingerprint('journal', { id: 'A', name: 'x', type: 'sales' });
    const b = canonicalFingerprint('journal', { id: 'B', name: 'x', type: 'sales' });
    expect(a).to.match(/^[0-9a-f]{16}$/);
    expect(xorFingerprints(a, a)).to.equal(ZERO_FINGERPRINT);
    expect(xorFingerprints(xorFingerprints(a, b), b)).to.equal(a);
    // a value swapped between two records changes the bucket's XOR
    const swapped = xorFingerprints(canonicalFingerprint('journal', { id: 'A', name: 'y', type: 'sales' }), canonicalFingerprint('journal', { id: 'B', name: 'x', type: 'general' }));
    expect(swapped).to.not.equal(xorFingerprints(a, b));
  });

  it('computes bucket digests in JavaScript: count and XOR per non-empty bucket, in bucket order', () => {
    const records = ['A', 'B', 'C', 'D', 'E'].map((id) => ({ id, fingerprint: canonicalFingerprint('journal', { id, name: id, type: 'sales' }) }));
    const digests = bucketDigests(records, 2);
    expect(digests.map((d) => d.bucket)).to.deep.equal([...new Set(records.map((r) => bucketOf(r.id, 2)))].sort());
    expect(digests.reduce((n, d) => n + d.count, 0)).to.equal(5);
    for (const digest of digests) {
      const inBucket = records.filter((r) => bucketOf(r.id, 2) === digest.bucket);
      expect(digest.xor).to.equal(inBucket.reduce((x, r) => xorFingerprints(x, r.fingerprint), ZERO_FINGERPRINT));
    }
    expect(() => bucketDigests([{ id: 'X' }], 2)).to.throw(TypeError, /record X has no fingerprint/);
  });
});
