import type { JSONSchemaType } from 'ajv';

/** One adapter a plugin contributes. */
export interface AdapterContribution {
  /** Unique across plugins, lowercase: `erpnext`, `exact-online`. Activation event: `onAdapter:<id>`. */
  id: string;
  displayName: string;
  /** The accounting package it reads, as accountants name it. */
  package: string;
  /**
   * JSON Schema (draft-07) of a connection's configuration. Mark secret properties with
   * `"secret": true`: the host stores them as references and redacts them everywhere.
   */
  configuration: Record<string, unknown>;
}

/** The `ledgersync` key of a plugin's package.json. */
export interface LedgersyncManifest {
  /** The plugin id, lowercase with dashes. */
  id: string;
  /** When to load the plugin's code: `onAdapter:<adapter id>`; `*` (at start-up) is discouraged. */
  activationEvents: string[];
  contributes: { adapters: AdapterContribution[] };
  /** Asks the connector for a full sync of the plugin's dossiers after an upgrade from a matching version. */
  backfill?: { whenUpgradingFrom: string; reason: string };
  /** Limits the host applies to the plugin's isolated runtime. */
  limits?: { memoryMb?: number; callTimeoutMs?: number };
}

/** The parts of package.json the host reads. `engines.ledgersync` must pin the major (`^1.2.0`, `1.x`). */
export interface PluginPackageJson {
  name: string;
  version: string;
  main: string;
  engines: { ledgersync: string; [engine: string]: string };
  ledgersync: LedgersyncManifest;
}

export type ManifestSchema = JSONSchemaType<unknown>;
