/**
 * The shape every `npm run bench` section has: `core/bench/sections/<name>.ts` exports
 * `section: BenchSection` (and nothing needs registering: main.ts loads every module of that
 * folder in file-name order, or only the one `--only <name>` names).
 */
export interface BenchContext {
  /** `--lines N`: entry lines of the generated dossier (default 1,000,000). */
  lines: number;
  /** `--seed N`: the generator's seed, so that two runs measure the same dossier. */
  seed: number;
  /**
   * `--source sqlite|mariadb` (default sqlite): the database the diff-engine section generates its
   * dossier into and syncs from. SQLite computes the example adapter's MD5 digests in JS user
   * functions, MariaDB natively; the state store is SQLite in `workDir` either way. Sections that
   * cannot honour it say so in a note.
   */
  source: BenchSource;
  /** `--big`: the full-size run of sections that have one (minutes, not seconds); others ignore it. */
  big: boolean;
  /** A scratch folder of this run (removed afterwards): databases, child-process files. */
  workDir: string;
  /** Progress on stderr; the table goes to stdout. */
  log(message: string): void;
}

/** Where the diff-engine section generates its dossier (`--source`). */
export type BenchSource = 'sqlite' | 'mariadb';
export const BENCH_SOURCES: readonly BenchSource[] = ['sqlite', 'mariadb'];

/** One line of the printed table: a label and its figures (numbers are printed with separators). */
export interface BenchRow {
  label: string;
  figures: Record<string, number | string>;
}

/** A ratio or limit measured in this run, against its target (`value <= limit` passes). */
export interface BenchCheck {
  name: string;
  value: number;
  limit: number;
  unit?: string;
}

export interface BenchResult {
  rows: BenchRow[];
  checks?: BenchCheck[];
  /** Anything a reader of the table must know (what was skipped and why). */
  notes?: string[];
}

export interface BenchSection {
  name: string;
  run(context: BenchContext): Promise<BenchResult>;
}
