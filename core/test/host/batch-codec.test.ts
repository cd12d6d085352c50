import { expect } from 'chai';
import fc from 'fast-check';
import { PluginCallError } from '../../src/host';
import { BatchEncoding, BatchPayload, decodeBatch, encodeBatch } from '../../src/host/rpc/batch-codec';
import { PluginChannel } from '../../src/host/rpc/channel';
import { HostMessage } from '../../src/host/rpc/protocol';

/** Records shaped like the canonical model's: optional fields absent or undefined, a nested address, lines, amounts, any Unicode. */
const text = fc.string({ unit: 'binary', maxLength: 12 });
const amount = fc.record({ value: fc.integer(), currency: fc.constantFrom('EUR', 'USD', 'PLN') }, { requiredKeys: ['value'] });
const record = fc.record({
  id: text,
  description: fc.option(text, { nil: undefined }),
  counterpartyId: fc.constantFrom(undefined, null, 'C1'),
  address: fc.option(fc.record({ street: text, city: text, country: fc.option(text, { nil: undefined }) }, { requiredKeys: ['street'] }), { nil: undefined }),
  lines: fc.array(fc.record({ line: fc.nat(), accountId: text, amount: fc.double(), vatCode: fc.option(text, { nil: undefined }), currencyAmount: amount }, { requiredKeys: ['line', 'amount'] }), { maxLength: 4 }),
  when: fc.option(fc.date({ noInvalidDate: true }), { nil: undefined }),
}, { requiredKeys: ['id'] });

const channel = (sent: HostMessage[]) =>
  new PluginChannel((message) => void sent.push(message as HostMessage), {
    pluginId: 'forger', ackTimeoutMs: 60_000, unresponsiveTimeoutMs: 120_000, onLate: () => undefined, onUnresponsive: () => undefined, onBusy: () => undefined, redact: (text) => text,
  });

/** Opens a stream (id 1) and feeds it `payload` as its first batch, as a plugin process could (`done`: as its last). */
async function readFed(payload: unknown, done = false): Promise<{ error?: unknown; items: unknown[]; sent: HostMessage[] }> {
  const sent: HostMessage[] = [];
  const rpc = channel(sent);
  const stream = rpc.stream(1, 'read', ['d1', 'account'], { batchSize: 10, batchesAhead: 2 }, 60_000);
  rpc.handle({ t: 'batch', id: 1, json: payload as BatchPayload, done });
  const items: unknown[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      const next = await stream.next();
      if (next.done) break;
      items.push(next.value);
    }
  } catch (error) {
    return { error, items, sent };
  } finally {
    rpc.fail(() => new Error('test over'));
  }
  return { items, sent };
}

describe('plugin host: stream batch encoding', () => {
  for (const encoding of ['json', 'utf8'] as BatchEncoding[]) {
    it(`${encoding}: decoding gives exactly what JSON gives (undefined fields absent, dates as text, any Unicode)`, () => {
      fc.assert(fc.property(fc.array(record, { maxLength: 8 }), (items) => {
        expect(decodeBatch(encodeBatch(items, encoding))).to.deep.equal(JSON.parse(JSON.stringify(items)));
      }), { numRuns: 300 });
    });
  }

  it('utf8 sends characters beyond Latin-1 in fewer bytes than V8 copies a UTF-16 string', () => {
    const items = [{ id: 'a', description: 'Łódź — € '.repeat(20) }];
    expect((encodeBatch(items, 'utf8') as Uint8Array).length).to.be.below(2 * JSON.stringify(items).length);
  });

  const malformed: Array<[string, unknown]> = [
    ['text that is not JSON', '[{"id":"r1"},'],
    ['JSON that is not an array (the old code handed out its characters as records)', '"abc"'],
    ['JSON null', 'null'],
    ['neither text nor bytes', 42],
    ['bytes that are not UTF-8', new Uint8Array([0x5b, 0xff, 0xfe, 0x5d])],
  ];
  for (const [what, payload] of malformed) {
    it(`a batch of ${what} fails the stream with a typed error naming the plugin, and cancels the listing`, async () => {
      const { error, items, sent } = await readFed(payload);
      expect(items).to.deep.equal([]);
      expect(error).to.be.instanceOf(PluginCallError);
      expect((error as PluginCallError).code).to.equal('PLUGIN_BATCH_INVALID');
      expect((error as PluginCallError).message).to.match(/^PLUGIN_BATCH_INVALID: forger: read failed: a batch/);
      expect(sent.some((message) => message.t === 'cancel' && message.id === 1)).to.equal(true);
    });
  }

  it('a well-formed last batch reads through', async () => {
    const { error, items } = await readFed(encodeBatch([{ id: 'r1' }, { id: 'r2' }], 'utf8'), true);
    expect(error).to.equal(undefined);
    expect(items).to.deep.equal([{ id: 'r1' }, { id: 'r2' }]);
  });
});
