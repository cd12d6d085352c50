import { expect } from 'chai';
import { progressFor } from '../../src/cli/progress';
import { ConnectorEvent } from '../../src/orchestration/connector';
import { TaskProgress } from '../../src/service/task-progress';

/** `connector run`'s progress off a terminal: one plain line when a task starts, one when it ends, pages summed; no ANSI. */
describe('connector run progress', () => {
  const task = { id: 7, dossierId: 'BE0000000007', kind: 'full' } as unknown as Extract<ConnectorEvent, { type: 'claimed' }>['task'];
  const page = (n: number) => ({ type: 'page', task, page: { sequence: n, operations: new Array(n * 10).fill({}) }, ack: { applied: true } }) as unknown as ConnectorEvent;

  it('off a terminal: a line per task start and end, pages and changes summed, nothing else', () => {
    let written = '';
    const progress = new TaskProgress(progressFor({ write: (text: string) => (written += text), isTTY: false }));
    progress.event({ type: 'claimed', task });
    progress.event(page(1));
    progress.event(page(2));
    progress.event({ type: 'succeeded', task });
    progress.event({ type: 'claimed', task: { ...task, id: 8 } });
    progress.event({ type: 'released', task: { ...task, id: 8 } });
    expect(written).to.equal(
      '[1/1] dossier BE0000000007: full sync (task 7)\n' +
        'dossier BE0000000007: synced after 2 page(s), 30 change(s)\n' +
        '[1/1] dossier BE0000000007: full sync (task 8)\n' +
        'dossier BE0000000007: given back after 0 page(s), 0 change(s)\n',
    );
    expect(written).not.to.match(/\u001b\[/);
  });

  it('on a terminal: the bar counts pages and changes, and the task line stays', () => {
    let written = '';
    const progress = new TaskProgress(progressFor({ write: (text: string) => (written += text), isTTY: true, columns: 120 }));
    progress.event({ type: 'claimed', task });
    progress.event(page(3));
    progress.event({ type: 'succeeded', task });
    expect(written).to.include('1 page(s), 30 change(s)');
    expect(written).to.include('dossier BE0000000007: synced after 1 page(s), 30 change(s)\n');
  });
});
