import semver from 'semver';

/** Outcome of checking `engines.ledgersync` against the host's API version. */
export type EngineCheck = { ok: true } | { ok: false; problem: 'unpinned' | 'mismatch' | 'invalid' };

/**
 * A range must pin the major version (`^1.2.0`, `1.x`, `~1.4`): ranges that admit the next major
 * (`*`, `>=1`) are refused, because a new major may change the contract under the plugin.
 */
export function checkEngine(range: string, hostVersion: string): EngineCheck {
  const valid = semver.validRange(range);
  if (!valid) return { ok: false, problem: 'invalid' };
  const lowest = semver.minVersion(valid);
  if (!lowest) return { ok: false, problem: 'invalid' };
  const nextMajor = `>=${lowest.major + 1}.0.0-0`;
  if (semver.intersects(valid, nextMajor, { includePrerelease: true })) return { ok: false, problem: 'unpinned' };
  return semver.satisfies(hostVersion, valid) ? { ok: true } : { ok: false, problem: 'mismatch' };
}
