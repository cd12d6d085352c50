import { Clock } from './clock';
import { Platform } from './platform';
import { dayOf, nextNight } from './schedule';
import { TaskView } from './tasks/types';

export interface NightSchedulerOptions {
  /** Default: the platform's clock. */
  clock?: Clock;
  onPlanned?: (day: string, tasks: TaskView[]) => void;
  onError?: (day: string, error: unknown) => void;
}

/**
 * Plans every night at 02:00 UTC on the platform's own timer: incremental syncs for every dossier,
 * the monthly full ones on their day. One timer, re-armed after each night; a night whose planning
 * fails is reported, and the next one is planned all the same.
 */
export class NightScheduler {
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(private readonly platform: Platform, private readonly options: NightSchedulerOptions = {}) {}

  start(): void {
    this.running = true;
    this.arm();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  private get clock(): Clock {
    return this.options.clock ?? this.platform.clock;
  }

  private arm(): void {
    if (!this.running) return;
    const night = nextNight(this.clock.now());
    const delay = Math.max(0, night.getTime() - this.clock.now().getTime());
    this.timer = setTimeout(() => void this.plan(night), delay);
    this.timer.unref();
  }

  private async plan(night: Date): Promise<void> {
    // a timer may wake a little early: plan only once the night has come
    if (this.clock.now() < night) return this.arm();
    const day = dayOf(night);
    try {
      this.options.onPlanned?.(day, await this.platform.planNight(day));
    } catch (error) {
      this.options.onError?.(day, error);
    } finally {
      this.arm();
    }
  }
}
