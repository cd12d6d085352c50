import { Parameters } from 'fast-check';

/**
 * How hard the property tests try. `npm test` runs a small set with a fixed seed (the same cases
 * on every run, so a failure is reproducible and CI's time stays bounded); `npm run test:deep`
 * sets LEDGERSYNC_DEEP and runs many more with a fresh seed, which fast-check prints on failure.
 */
export function runs<T>(quick: number, deep: number): Parameters<T> {
  return process.env.LEDGERSYNC_DEEP ? { numRuns: deep } : { numRuns: quick, seed: 19 };
}

/** Mocha timeout for a property test: generous when deep. */
export function timeoutFor(quickMs: number): number {
  return process.env.LEDGERSYNC_DEEP ? 0 : quickMs;
}
