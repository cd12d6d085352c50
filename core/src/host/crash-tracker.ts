import { Clock } from '@ledgersync/sdk';
import { PluginStateStore } from './plugin-state';

export interface CrashPolicy {
  /** Crashes within `windowMs` that quarantine a plugin (3). */
  limit: number;
  /** 5 minutes. */
  windowMs: number;
}

export const DEFAULT_CRASH_POLICY: CrashPolicy = { limit: 3, windowMs: 5 * 60 * 1000 };

/**
 * Counts crashes per plugin on the host's clock. A crashed plugin is started again on its next use;
 * `limit` crashes within `windowMs` quarantine it until an operator re-enables it (the quarantine is
 * kept in the state store, so it outlives the connector process).
 */
export class CrashTracker {
  constructor(private readonly clock: Clock, private readonly store: PluginStateStore, private readonly policy: CrashPolicy = DEFAULT_CRASH_POLICY) {}

  /** Records a crash; true when it put the plugin into quarantine. */
  record(pluginId: string, reason: string): boolean {
    const now = this.clock.now();
    const state = this.store.get(pluginId);
    state.crashes = [...state.crashes, now.toISOString()];
    const recent = state.crashes.filter((at) => now.getTime() - Date.parse(at) < this.policy.windowMs);
    const quarantine = !state.quarantined && recent.length >= this.policy.limit;
    if (quarantine) state.quarantined = { since: now.toISOString(), reason };
    this.store.put(pluginId, state);
    return quarantine;
  }

  crashes(pluginId: string): number {
    return this.store.get(pluginId).crashes.length;
  }

  quarantined(pluginId: string): { since: string; reason: string } | undefined {
    return this.store.get(pluginId).quarantined;
  }

  /** An operator's decision: the plugin may start again, with a clean crash window. */
  reenable(pluginId: string): void {
    const state = this.store.get(pluginId);
    this.store.put(pluginId, { ...state, quarantined: undefined, crashes: [] });
  }
}
