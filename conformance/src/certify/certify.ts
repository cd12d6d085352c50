import { Certificate, CertificatePayload, signCertificate, SkippedCheck } from '@ledgersync/core/dist/src/certificates';
import { LedgersyncError } from '@ledgersync/sdk';
import { ConformanceReport } from '../suite/types';

export class CertifyError extends LedgersyncError {
  constructor(detail: string) {
    super('CERTIFY_REFUSED', detail);
  }
}

/** What a passed report vouches for: checks passed per ledger (`bakery-basic: records`) and skipped with reasons. */
export function certificatePayload(report: ConformanceReport, date = new Date()): Omit<CertificatePayload, 'files'> {
  const passed = new Set<string>();
  const skipped = new Map<string, SkippedCheck>();
  for (const result of report.results) {
    const name = result.ledger ? `${result.ledger}: ${result.check}` : result.check;
    if (result.status === 'passed') passed.add(name);
    if (result.status === 'skipped') skipped.set(`${name}\u0000${result.message}`, { check: name, reason: result.message });
  }
  return {
    pluginId: report.plugin.id,
    version: report.plugin.version,
    suiteVersion: report.suiteVersion,
    ledgers: report.ledgers,
    checks: { passed: [...passed].sort(), skipped: [...skipped.values()] },
    driver: { package: report.driver.package, backend: report.driver.backend },
    declaredLosses: report.driver.losses.map(({ entity, field, reason }) => ({ entity, field, reason })),
    skippedSteps: report.skippedSteps.map(({ ledger, step, entity, id, reason }) => ({ ledger, step, reason, ...(entity ? { entity, id: id ?? '' } : {}) })),
    date: date.toISOString(),
  };
}

/** Signs a certificate into the plugin folder, only for a report that passed and for a plugin given as a folder. */
export async function certifyPlugin(report: ConformanceReport, privateKeyPem: string): Promise<Certificate> {
  if (!report.passed) throw new CertifyError(`${report.plugin.id} did not pass the conformance suite: no certificate written`);
  if (!report.plugin.dir) throw new CertifyError('only a plugin folder can be certified');
  return signCertificate(report.plugin.dir, certificatePayload(report), privateKeyPem);
}
