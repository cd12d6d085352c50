import { CheckResult, ConformanceReport } from '../suite/types';

const MARK = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip' } as const;

/** The report as people read it in a terminal: grouped by ledger and step, failures with their details. */
export function formatReport(report: ConformanceReport): string {
  const lines: string[] = [];
  lines.push(`ledgersync conformance ${report.suiteVersion}: plugin ${report.plugin.id} ${report.plugin.version}, adapter ${report.plugin.adapterId}`);
  lines.push(`runtime: ${report.runtime.kind}${report.runtime.note ? ` (${report.runtime.note})` : ''}`);
  lines.push(`engine: ${report.engine}`);
  lines.push(`platform: ${report.platform}`);
  lines.push(`driver: ${report.driver.package}, backend ${report.driver.backend}`);
  for (const loss of report.driver.losses) lines.push(`  declared loss: ${loss.entity}.${loss.field}: ${loss.reason}`);
  for (const skipped of report.skippedSteps) lines.push(`  step not expressible: ${skipped.ledger} step ${skipped.step}${skipped.entity ? ` (${skipped.entity} ${skipped.id ?? ''})` : ''}: ${skipped.reason}`);
  lines.push(`ledgers: ${report.ledgers.join(', ')}`);
  lines.push('');
  let group = '';
  for (const result of ordered(report.results)) {
    const heading = groupOf(result);
    if (heading !== group) {
      group = heading;
      if (heading) lines.push(heading);
    }
    lines.push(`  ${MARK[result.status]} ${result.check.padEnd(18)} ${result.message}`);
    if (result.status === 'failed') for (const detail of (result.details ?? []).slice(1, 20)) lines.push(`         ${''.padEnd(18)} - ${detail}`);
  }
  if (report.costs.length > 0) {
    lines.push('');
    lines.push('incremental cost at the source (rows+calls / changes / allowance / full read; method per entity)');
    for (const cost of report.costs) {
      const methods = Object.entries(cost.methods).map(([entity, method]) => `${entity}=${method}`).join(' ');
      lines.push(`  ${cost.ledger} step ${cost.step}: ${cost.rowsRead}+${cost.calls} / ${cost.changes} / ${cost.allowance} / ${cost.fullRead}  ${methods}`);
    }
  }
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const result of report.results) counts[result.status] += 1;
  lines.push('');
  lines.push(`${report.passed ? 'PASSED' : 'FAILED'}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  return `${lines.join('\n')}\n`;
}

/** Plugin-wide checks first, then each ledger in the order it ran, its own checks before its steps, steps in order. */
function ordered(results: CheckResult[]): CheckResult[] {
  const ledgers = [...new Set(results.map((r) => r.ledger).filter((l): l is string => l !== undefined))];
  const rank = (r: CheckResult) => [r.ledger === undefined ? -1 : ledgers.indexOf(r.ledger), r.step ?? -1];
  return results
    .map((result, index) => ({ result, index }))
    .sort((a, b) => {
      const [la, sa] = rank(a.result);
      const [lb, sb] = rank(b.result);
      return la - lb || sa - sb || a.index - b.index;
    })
    .map(({ result }) => result);
}

function groupOf(result: CheckResult): string {
  if (!result.ledger) return 'plugin';
  if (result.step === undefined) return result.ledger;
  return `${result.ledger}, step ${result.step}: ${result.stepLabel ?? ''}`;
}
