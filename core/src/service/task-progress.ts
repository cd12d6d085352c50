import { ConnectorEvent } from '../orchestration/connector';
import { Progress } from '../cli/progress';

/**
 * The running task's pages as progress (`connector run` on a terminal: a bar that counts pages and
 * changes; elsewhere one plain line when a task starts and one when it ends, pages summed up).
 * Beside the JSON logs, never instead of them: the logs are what a service manager keeps.
 */
export class TaskProgress {
  private pages = 0;
  private operations = 0;

  constructor(private readonly progress: Progress) {}

  event(event: ConnectorEvent): void {
    switch (event.type) {
      case 'claimed':
        this.pages = 0;
        this.operations = 0;
        this.progress.step(0, 1, `dossier ${event.task.dossierId}: ${event.task.kind} sync (task ${event.task.id})`);
        break;
      case 'page':
        this.pages++;
        this.operations += event.page.operations.length;
        this.progress.page(this.pages, this.operations);
        break;
      case 'succeeded':
      case 'failed':
      case 'lease-lost':
      case 'released':
        this.progress.line(`dossier ${event.task.dossierId}: ${ENDINGS[event.type]} after ${this.pages} page(s), ${this.operations} change(s)`);
        this.progress.end();
        break;
      default:
        break;
    }
  }
}

const ENDINGS = { succeeded: 'synced', failed: 'failed', 'lease-lost': 'lease lost', released: 'given back' } as const;
