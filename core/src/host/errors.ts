import { LedgersyncError } from '@ledgersync/sdk';

/** Base of every error the plugin host raises: names the plugin, so an operator knows which one to blame. */
export class PluginError extends LedgersyncError {
  constructor(code: string, readonly pluginId: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** `engines.ledgersync` does not admit the host's API version. */
export class PluginEngineMismatchError extends PluginError {
  constructor(pluginId: string, readonly range: string, readonly hostVersion: string) {
    super('PLUGIN_ENGINE_MISMATCH', pluginId, `${pluginId} requires ledgersync ${range}, host is ${hostVersion}`);
  }
}

/** `engines.ledgersync` admits any major version (`*`, `>=1`): refused, as VS Code refuses `*`. */
export class PluginEngineUnpinnedError extends PluginError {
  constructor(pluginId: string, readonly range: string) {
    super('PLUGIN_ENGINE_UNPINNED', pluginId, `${pluginId}: field engines.ledgersync: ${JSON.stringify(range)} does not pin a major version (write ^1.0.0 or 1.x)`);
  }
}

/** A connection's configuration does not fit the adapter's schema. Names the field, never its value. */
export class PluginConfigInvalidError extends PluginError {
  constructor(pluginId: string, readonly adapterId: string, readonly field: string, detail: string) {
    super('PLUGIN_CONFIG_INVALID', pluginId, `${adapterId}, field ${field}: ${detail}`);
  }
}

/** A secret reference (`secret://name`) the secret store does not hold. */
export class PluginSecretUnresolvedError extends PluginError {
  constructor(pluginId: string, readonly adapterId: string, readonly field: string, reference: string, store: string) {
    super('PLUGIN_SECRET_UNRESOLVED', pluginId, `${adapterId}, field ${field}: ${reference} is not in the ${store}`);
  }
}

/** No loaded plugin contributes the adapter. */
export class UnknownAdapterError extends PluginError {
  constructor(readonly adapterId: string) {
    super('PLUGIN_ADAPTER_UNKNOWN', '(none)', `no plugin contributes adapter ${adapterId}`);
  }
}

/** The plugin was refused at load time (manifest, engine, certificate, global registration); carries the reason. */
export class PluginRefusedError extends PluginError {
  constructor(pluginId: string, readonly reason: string) {
    super('PLUGIN_REFUSED', pluginId, `${pluginId} is refused: ${reason}`);
  }
}

/** Certified-only mode: the plugin's certificate is not valid, or not signed by a trusted key. */
export class PluginNotCertifiedError extends PluginError {
  constructor(pluginId: string, readonly status: string, detail: string) {
    super('PLUGIN_NOT_CERTIFIED', pluginId, `${pluginId}: certificate ${status}: ${detail}`);
  }
}

/** The plugin registered into tsyringe's global container (directly or with `@singleton()`). */
export class PluginGlobalRegistrationError extends PluginError {
  constructor(pluginId: string, readonly tokens: string[]) {
    super(
      'PLUGIN_GLOBAL_REGISTRATION',
      pluginId,
      `${pluginId} registered ${tokens.join(', ')} into tsyringe's global container (@singleton or container.register); register into context.container instead`,
    );
  }
}

/** Crashed three times within the window: not started again until an operator re-enables it. */
export class PluginQuarantinedError extends PluginError {
  constructor(pluginId: string, readonly reason: string) {
    super('PLUGIN_QUARANTINED', pluginId, `${pluginId} is quarantined after repeated crashes (last: ${reason}); re-enable with: ledgersync plugins enable ${pluginId}`);
  }
}

/** Why an isolated plugin's runtime died. */
export type CrashReason = 'out of memory' | 'exited' | 'killed' | 'disk quota' | 'protocol violation' | 'uncaught exception' | 'certificate' | 'unresponsive' | 'activation failed' | 'failed to start';

/** The plugin's runtime died (or was terminated) during the call: only this plugin's calls fail. */
export class PluginCrashedError extends PluginError {
  constructor(pluginId: string, readonly reason: CrashReason, readonly detail: string, readonly method?: string) {
    super('PLUGIN_CRASHED', pluginId, `${pluginId} crashed${method ? ` during ${method}` : ''}: ${reason}${detail ? ` (${detail})` : ''}`);
  }
}

/** The plugin's event loop stayed blocked (no acknowledgement) for `blockedMs`: its runtime was terminated. */
export class PluginUnresponsiveError extends PluginCrashedError {
  constructor(pluginId: string, readonly blockedMs: number, method?: string) {
    super(pluginId, 'unresponsive', `no acknowledgement for ${blockedMs} ms; terminated`, method);
  }
}

/** The call was acknowledged but not answered in time; the host cancelled it. */
export class PluginCallTimeoutError extends PluginError {
  constructor(pluginId: string, readonly method: string, readonly timeoutMs: number) {
    super('PLUGIN_CALL_TIMEOUT', pluginId, `${pluginId}: ${method} did not answer within ${timeoutMs} ms; cancelled`);
  }
}

/**
 * The plugin's own code threw. Keeps the plugin's code (e.g. ADAPTER_UNKNOWN_DOSSIER) so callers
 * can still branch on it; `PLUGIN_CALL_FAILED` when it had none.
 */
export class PluginCallError extends PluginError {
  constructor(pluginId: string, readonly method: string, readonly remoteCode: string | undefined, readonly detail: string, readonly field?: string) {
    super(remoteCode ?? 'PLUGIN_CALL_FAILED', pluginId, `${pluginId}: ${method} failed: ${detail}`);
  }
}
