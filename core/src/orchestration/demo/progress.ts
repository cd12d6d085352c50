/** How the demo tells what it is doing: a redrawn bar on a terminal, plain lines anywhere else. */
export interface Progress {
  /** The overall position: `done` of `total` steps, with what is happening now. */
  step(done: number, total: number, label: string): void;
  /** A page of the running task was acknowledged. */
  page(pages: number, operations: number): void;
  /** A line that stays (a finished task, a notice). */
  line(text: string): void;
  end(): void;
}

const WIDTH = 24;

export function progressFor(stream: NodeJS.WriteStream): Progress {
  return stream.isTTY ? new BarProgress(stream) : new LineProgress(stream);
}

class BarProgress implements Progress {
  private current = { done: 0, total: 1, label: '' };
  private pages = 0;
  private operations = 0;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  step(done: number, total: number, label: string): void {
    this.current = { done, total, label };
    this.pages = 0;
    this.operations = 0;
    this.draw();
  }

  page(pages: number, operations: number): void {
    this.pages = pages;
    this.operations = operations;
    this.draw();
  }

  line(text: string): void {
    this.stream.write(`\r\x1b[2K${text}\n`);
    this.draw();
  }

  end(): void {
    this.stream.write('\r\x1b[2K');
  }

  private draw(): void {
    const { done, total, label } = this.current;
    const filled = Math.round((done / Math.max(1, total)) * WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
    const pages = this.pages > 0 ? `  ${this.pages} page(s), ${this.operations} change(s)` : '';
    const text = `[${bar}] ${done}/${total} ${label}${pages}`;
    this.stream.write(`\r\x1b[2K${text.slice(0, (this.stream.columns ?? 100) - 1)}`);
  }
}

class LineProgress implements Progress {
  constructor(private readonly stream: NodeJS.WriteStream | NodeJS.WritableStream) {}

  step(done: number, total: number, label: string): void {
    this.stream.write(`[${done + 1}/${total}] ${label}\n`);
  }

  page(): void {
    // pages are summed up in the task's line
  }

  line(text: string): void {
    this.stream.write(`${text}\n`);
  }

  end(): void {
    // nothing to clear
  }
}
