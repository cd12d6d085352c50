import { SingleBar } from 'cli-progress';

/** How long work tells what it is doing: a bar on a terminal, plain lines anywhere else. */
export interface Progress {
  /** The overall position: `done` of `total` steps, with what is happening now. */
  step(done: number, total: number, label: string): void;
  /** A page of the running task was acknowledged. */
  page(pages: number, operations: number): void;
  /** A line that stays (a finished task, a notice). */
  line(text: string): void;
  end(): void;
}

/** The part of a stream progress needs (process.stdout, or a fake in tests). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export function progressFor(stream: ProgressStream): Progress {
  return stream.isTTY === true ? new BarProgress(stream) : new LineProgress(stream);
}

/** cli-progress draws the bar (a maintained library instead of our own ANSI redraws). */
class BarProgress implements Progress {
  private readonly bar: SingleBar;
  private running = false;
  private current = { done: 0, total: 1, label: '', pages: '' };

  constructor(private readonly stream: ProgressStream) {
    // no SIGINT/SIGTERM handlers (the commands own their signals), the line cleared at the end
    this.bar = new SingleBar({ stream: stream as unknown as NodeJS.WritableStream, format: '[{bar}] {value}/{total} {label}{pages}', barsize: 24, linewrap: true, clearOnComplete: true, hideCursor: false, gracefulExit: false });
  }

  step(done: number, total: number, label: string): void {
    this.current = { done, total, label, pages: '' };
    this.draw();
  }

  page(pages: number, operations: number): void {
    this.current.pages = `  ${pages} page(s), ${operations} change(s)`;
    this.draw();
  }

  line(text: string): void {
    const wasRunning = this.running;
    this.end();
    this.stream.write(`${text}\n`);
    if (wasRunning) this.draw();
  }

  end(): void {
    if (this.running) this.bar.stop();
    this.running = false;
  }

  private draw(): void {
    const { done, total, label, pages } = this.current;
    if (!this.running) {
      this.bar.start(Math.max(1, total), done, { label, pages });
      this.running = true;
      return;
    }
    this.bar.setTotal(Math.max(1, total));
    this.bar.update(done, { label, pages });
  }
}

class LineProgress implements Progress {
  constructor(private readonly stream: ProgressStream) {}

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
