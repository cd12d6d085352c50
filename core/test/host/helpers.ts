import { Clock, Logger, LogFields } from '@ledgersync/sdk';
import { join } from 'node:path';
import { installFixtureDependencies } from './fixture-dependencies';

/** The deliberately good and bad plugins (plain JS packages, not compiled), their dependencies in place. */
export const FIXTURE_PLUGINS = installFixtureDependencies();
export const fixture = (name: string): string => join(FIXTURE_PLUGINS, name);

/** What the fixture plugins noted (`fixture: loaded <id>`...), from every RecordingLogger, in order. */
const fixtureNotes: string[] = [];
const FIXTURE_NOTE = 'fixture: ';

/** Every line the host logged, for assertions; the fixtures' notes are kept apart. */
export class RecordingLogger implements Logger {
  readonly lines: Array<{ level: string; message: string; fields?: LogFields }> = [];
  debug = (message: string, fields?: LogFields) => {
    if (message.startsWith(FIXTURE_NOTE)) fixtureNotes.push(message.slice(FIXTURE_NOTE.length));
    else this.lines.push({ level: 'debug', message, fields });
  };
  info = (message: string, fields?: LogFields) => void this.lines.push({ level: 'info', message, fields });
  warn = (message: string, fields?: LogFields) => void this.lines.push({ level: 'warn', message, fields });
  error = (message: string, fields?: LogFields) => void this.lines.push({ level: 'error', message, fields });

  text(): string {
    return this.lines.map((line) => `${line.level} ${line.message} ${JSON.stringify(line.fields ?? {})}`).join('\n');
  }
}

/** A clock the test moves. */
export class ManualClock implements Clock {
  private at = Date.parse('2026-11-28T12:00:00Z');
  now(): Date {
    return new Date(this.at);
  }
  advance(ms: number): void {
    this.at += ms;
  }
}

/** Starts a fresh load log; returns a reader of what the fixture plugins noted since (loaded, activated, disposed...). */
export function loadLog(): () => string[] {
  fixtureNotes.splice(0);
  return () => [...fixtureNotes];
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** The rejection of a promise that must fail. */
export async function failure(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a failure, got a result');
}
