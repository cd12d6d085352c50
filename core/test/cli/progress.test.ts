import { strict as assert } from 'node:assert';
import { progressFor } from '../../src/cli/progress';

function fakeStream(isTTY: boolean): { isTTY: boolean; columns: number; written: string[]; write(text: string): boolean } {
  return { isTTY, columns: 80, written: [], write(text: string) { this.written.push(text); return true; } };
}

describe('progress', () => {
  it('writes plain lines when the stream is not a terminal', () => {
    const stream = fakeStream(false);
    const progress = progressFor(stream);
    progress.step(0, 2, 'first');
    progress.page(1, 5);
    progress.line('done first');
    progress.step(1, 2, 'second');
    progress.end();
    assert.deepEqual(stream.written.join('').split('\n'), ['[1/2] first', 'done first', '[2/2] second', '']);
  });

  it('draws a cli-progress bar on a terminal and leaves the line clean at the end', () => {
    const stream = fakeStream(true);
    const progress = progressFor(stream);
    progress.step(1, 4, 'importing');
    progress.page(2, 30);
    progress.line('a notice');
    progress.end();
    const output = stream.written.join('');
    assert.match(output, /\[[=-]{24}\] 1\/4 importing  2 page\(s\), 30 change\(s\)/);
    assert.match(output, /a notice\n/);
    // end(): back to column 1 and the line erased, nothing drawn after it
    assert.match(output, /\x1b\[1G\x1b\[2K$/);
  });
});
