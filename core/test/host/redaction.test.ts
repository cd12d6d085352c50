import { expect } from 'chai';
import fc from 'fast-check';
import { REDACTED, redactValues } from '../../src/host/redaction';
import { secretsAndMessage } from '../oracle/arbitraries';
import { runs } from '../oracle/runs';

describe('redaction of secret values', () => {
  it('hides a secret every time it appears in one message', () => {
    expect(redactValues('login s3cret failed; retried with s3cret', new Set(['s3cret']))).to.equal(`login ${REDACTED} failed; retried with ${REDACTED}`);
  });

  it('hides a longer secret whole when a shorter secret sits inside it, whatever the order they were given in', () => {
    expect(redactValues('token abcdef', new Set(['abc', 'abcdef']))).to.equal(`token ${REDACTED}`);
    expect(redactValues('token abcdef', new Set(['abcdef', 'abc']))).to.equal(`token ${REDACTED}`);
  });

  it('hides overlapping secrets entirely', () => {
    expect(redactValues('x abcd y', new Set(['abc', 'bcd']))).to.equal(`x ${REDACTED} y`);
  });

  it('goes deep through arrays and objects and leaves other values alone', () => {
    expect(redactValues({ a: ['pw1', 2, { b: 'is pw1' }], c: null }, new Set(['pw1']))).to.deep.equal({ a: [REDACTED, 2, { b: `is ${REDACTED}` }], c: null });
  });

  it('leaves no character of any occurrence of any secret (property)', () => {
    fc.assert(
      fc.property(secretsAndMessage, ({ secrets, message }) => {
        const covered = new Array<boolean>(message.length).fill(false);
        for (const secret of secrets) for (let at = message.indexOf(secret); at !== -1; at = message.indexOf(secret, at + 1)) covered.fill(true, at, at + secret.length);
        const kept = [...message].filter((_, i) => !covered[i]).join('');
        const redacted = redactValues(message, new Set(secrets));
        expect(redacted.split(REDACTED).join(''), message).to.equal(kept);
        for (const secret of secrets) expect(redacted).not.to.contain(secret);
      }),
      runs(500, 20_000),
    );
  });
});
