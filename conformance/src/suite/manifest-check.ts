import { compileConfigurationSchema } from '../plugin/configuration';
import { PluginUnderTest } from '../plugin/plugin-under-test';
import { CHECKS, CheckId, isCheckId } from './catalog';
import { ResultRecorder } from './recorder';

/** The manifest check: package.json validates, the configuration schema compiles, `conformance.skip` names only optional checks. */
export function checkManifest(plugin: PluginUnderTest, results: ResultRecorder): void {
  for (const check of Object.keys(plugin.config.skip ?? {})) {
    if (!isCheckId(check)) results.failed('manifest', {}, `conformance.skip names ${check}, which is not a check (${Object.keys(CHECKS).join(', ')})`);
    else if (!CHECKS[check as CheckId].optional) results.failed('manifest', {}, `conformance.skip names ${check}, which is not optional: it cannot be skipped`);
  }
  if (!plugin.dir) {
    results.skipped('manifest', {}, 'the adapter was given as a factory: no manifest to check');
    return;
  }
  const problems: string[] = [];
  if (plugin.manifestError) problems.push(plugin.manifestError);
  if (plugin.configurationSchema) {
    const schemaError = compileConfigurationSchema(plugin.configurationSchema);
    if (schemaError) problems.push(`the configuration schema of adapter ${plugin.adapterId} does not compile: ${schemaError}`);
  }
  results.outcome('manifest', {}, problems, `manifest valid; adapter ${plugin.adapterId}'s configuration schema compiles (${plugin.secretFields.length} secret field(s))`);
}
