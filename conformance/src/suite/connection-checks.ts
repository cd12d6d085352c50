import { ExtractionAdapter, RecordedLedger } from '@ledgersync/sdk';
import { AdapterRuntime } from '../plugin/runtime';
import { PluginUnderTest } from '../plugin/plugin-under-test';
import { ResultRecorder } from './recorder';

/** Lists the adapter's dossiers: the cheapest call that proves a connection works. */
export async function listDossierIds(adapter: ExtractionAdapter): Promise<string[]> {
  const ids: string[] = [];
  for await (const dossier of adapter.listDossiers()) ids.push(dossier.id);
  return ids;
}

/** A good configuration connects and lists the ledger's dossier; the adapter is closed again. True when it connected. */
export async function checkConnection(runtime: AdapterRuntime, configuration: Record<string, unknown>, ledger: RecordedLedger, results: ResultRecorder, errors: string[]): Promise<boolean> {
  const scope = { ledger: ledger.name };
  let adapter: ExtractionAdapter | undefined;
  try {
    adapter = await runtime.open(configuration);
    const ids = await listDossierIds(adapter);
    if (!ids.includes(ledger.dossier.id)) {
      results.failed('connection', scope, `listDossiers() gave [${ids.join(', ')}], not the ledger's dossier ${ledger.dossier.id}`);
      return false;
    }
    results.outcome('connection', scope, [], `connected; listDossiers() lists ${ledger.dossier.id}`);
    return true;
  } catch (error) {
    const message = (error as Error).message;
    errors.push(message);
    results.failed('connection', scope, `a good configuration failed to connect: ${message}`);
    return false;
  } finally {
    if (adapter) await runtime.release(adapter);
  }
}

/**
 * Bad configurations — an empty one, and the first field given a value of the wrong type — must
 * fail (validation, the factory or the first call) with an error naming a configuration field.
 */
export async function checkBadConfiguration(runtime: AdapterRuntime, plugin: PluginUnderTest, configuration: Record<string, unknown>, ledger: RecordedLedger, results: ResultRecorder, errors: string[]): Promise<void> {
  const fields = Object.keys((plugin.configurationSchema?.properties as Record<string, unknown> | undefined) ?? configuration);
  const [first] = Object.keys(configuration);
  const cases: { name: string; configuration: Record<string, unknown> }[] = [{ name: 'an empty configuration', configuration: {} }];
  if (first) cases.push({ name: `field ${first} of the wrong type`, configuration: { ...configuration, [first]: typeof configuration[first] === 'number' ? 'not a number' : 12345 } });
  const problems: string[] = [];
  for (const bad of cases) {
    try {
      const adapter = await runtime.open(bad.configuration);
      try {
        await listDossierIds(adapter);
      } finally {
        await runtime.release(adapter);
      }
      problems.push(`${bad.name} was accepted: listDossiers() worked`);
    } catch (error) {
      const message = (error as Error).message;
      errors.push(message);
      if (!fields.some((field) => new RegExp(`\\b${escapeRegExp(field)}\\b`).test(message))) problems.push(`${bad.name} failed with an error that names no configuration field (${fields.join(', ')}): ${message}`);
      else if (!(error as { code?: unknown }).code) problems.push(`${bad.name} failed with an error without a stable code: ${message}`);
    }
  }
  results.outcome('bad-configuration', { ledger: ledger.name }, problems, `${cases.map((c) => c.name).join(' and ')} refused, naming the field`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
