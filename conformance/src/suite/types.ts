import { AdapterFactory } from '@ledgersync/sdk';
import { DeclaredLoss, FixtureDriver } from '../driver';
import { SkippedStep } from './step-materialise';
import { CheckId } from './catalog';

export type CheckStatus = 'passed' | 'failed' | 'skipped';

/** The outcome of one check, for one plugin, ledger or step. */
export interface CheckResult {
  check: CheckId;
  status: CheckStatus;
  ledger?: string;
  step?: number;
  stepLabel?: string;
  /** One line: what held, what broke, or why the check was skipped. */
  message: string;
  /** Each difference found, naming entity, id and field. */
  details?: string[];
}

/** Rows an incremental sync read, against what its changes justify. */
export interface IncrementalCost {
  ledger: string;
  step: number;
  /** Records put or deleted in the source since the previous sync. */
  changes: number;
  /** Records an inclusive `since` listing from the previous sync returns (changes and ties at the watermark). */
  sinceRows: number;
  /** Records the source held at the end of the step: what a full read would read. */
  sourceRecords: number;
  /** Rows, keys, digests and deletions the source streamed back, counted at the adapter. */
  rowsRead: number;
  /** Listing calls made to the source (read, keys, digests, deletedSince, probe). */
  calls: number;
  /** rowsRead plus calls: what the night cost the package. */
  cost: number;
  /** What a full read costs: every record, and one call per entity. */
  fullRead: number;
  /** What the changes justify (changes plus the detection method's overhead, in rows and calls), at most a full read. */
  allowance: number;
  methods: Record<string, string>;
}

export interface ConformanceReport {
  suiteVersion: string;
  plugin: { id: string; version: string; adapterId: string; dir?: string };
  /** `isolated` when the adapter ran in the plugin host's own runtime, `in-process` otherwise (and why). */
  runtime: { kind: 'isolated' | 'in-process'; note?: string };
  engine: string;
  /** The platform store the changesets went into. */
  platform: string;
  /** The fixture driver's package and backend (what was certified), with every loss it declared. */
  driver: { package: string; backend: string; losses: DeclaredLoss[] };
  /** Steps the package could not express, each with its reason. */
  skippedSteps: SkippedStep[];
  ledgers: string[];
  results: CheckResult[];
  costs: IncrementalCost[];
  passed: boolean;
  startedAt: string;
  finishedAt: string;
}

/** The adapter's own conformance configuration: `conformance` in its package.json, or conformance.json. */
export interface ConformanceConfig {
  /** A written reason per optional check the adapter does not pass (shown in the report and the certificate). */
  skip?: Partial<Record<CheckId, string>>;
  /** Module (relative to the plugin folder) exporting `createFixtureDriver()`, for `ledgersync conformance`. */
  driver?: string;
  /** The adapter to test when the plugin contributes several. */
  adapter?: string;
}

export interface PluginSpec {
  /** The plugin's package folder (holds package.json with its manifest). */
  dir?: string;
  /** Makes the adapter directly, in-process (the deliberately broken adapters of the suite's own tests). */
  factory?: AdapterFactory;
  /** Which contributed adapter to test (default: the only one, or conformance.adapter). */
  adapterId?: string;
  /** Replaces the package's conformance configuration. */
  config?: ConformanceConfig;
}

export interface ConformanceOptions {
  /** A plugin folder, an adapter factory, or both with options. */
  plugin: string | AdapterFactory | PluginSpec;
  /** Materialises each state in the adapter's backend; default: the recorded-ledger source-file driver. */
  driver?: FixtureDriver | (() => FixtureDriver);
  /** Recorded-ledger files; default: the public ledgers shipped in conformance/ledgers. */
  ledgers?: string[];
  /** Page size of the resumability run (default 1: a boundary between every two operations). */
  resumePageSize?: number;
  /** `in-process` forces the adapter into the suite's own process even when the plugin host is available. */
  runtime?: 'auto' | 'in-process';
  /** Called as each result is known (the CLI prints progress). */
  onResult?: (result: CheckResult) => void;
  /** Called as each ledger's checks begin (`index` from 0 of `total`): the CLI's progress. */
  onLedger?: (index: number, total: number, name: string) => void;
}
