/** Retry delays: 30 s, 1 min, 2 min, … doubling, at most an hour: a flaky office server gets air. */
export function retryDelayMs(attempt: number, baseMs = 30_000, capMs = 3_600_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}
