import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { LedgersyncError } from '@ledgersync/sdk';

/** What the host remembers about a plugin between runs. */
export interface PluginState {
  /** Crash times, ISO-8601. */
  crashes: string[];
  quarantined?: { since: string; reason: string };
  /** The last measured activation, in ms. */
  activationMs?: number;
}

/**
 * Keeps plugin state in memory, or in a JSON file when given one, shared by the connector and
 * `ledgersync plugins` (each write re-reads the file and replaces only its plugin's entry).
 */
export class PluginStateStore {
  private readonly states: Record<string, PluginState>;

  constructor(private readonly file?: string) {
    this.states = file ? PluginStateStore.read(file) : {};
  }

  private static read(file: string): Record<string, PluginState> {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return {};
    }
    try {
      return (JSON.parse(text) as { plugins?: Record<string, PluginState> }).plugins ?? {};
    } catch {
      throw new LedgersyncError('PLUGIN_STATE_INVALID', `${file} is not a plugin state file (JSON with a plugins key)`);
    }
  }

  /** Read from the file each time: an operator's `ledgersync plugins enable` reaches a running connector at its next start of the plugin. */
  get(pluginId: string): PluginState {
    if (this.file) Object.assign(this.states, PluginStateStore.read(this.file));
    const state = this.states[pluginId];
    return state ? { ...state, crashes: [...state.crashes] } : { crashes: [] };
  }

  put(pluginId: string, state: PluginState): void {
    // Another process (the CLI, another connector run) may have written other plugins' states meanwhile: keep them.
    if (this.file) Object.assign(this.states, PluginStateStore.read(this.file), { [pluginId]: state });
    else this.states[pluginId] = state;
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify({ plugins: this.states }, null, 2)}\n`);
    renameSync(temp, this.file);
  }
}
