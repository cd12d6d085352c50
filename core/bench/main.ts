import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_SOURCES, BenchContext, BenchResult, BenchSection, BenchSource } from './section';
import { formatResult } from './table';
import { progressFor } from '../src/cli/progress';

/**
 * `npm run bench [-- --lines N] [--seed N] [--only <section>] [--source sqlite|mariadb] [--big]`: runs every
 * section of core/bench/sections in file-name order, prints one table per section (with the ratios
 * measured in this run) and writes all figures as JSON to the system's temp folder. `--source
 * mariadb` generates the diff-engine section's dossier into a fresh database on the MariaDB server
 * of `LEDGERSYNC_MYSQL_URL` (default this machine's root), dropped afterwards. `--big`
 * runs the sections that have one at their full size (the platform load test: hundreds of connectors).
 */
const USAGE = '--lines N, --seed N, --only <section>, --source sqlite|mariadb, --big';

interface Arguments {
  lines: number;
  seed: number;
  only?: string;
  source: BenchSource;
  big: boolean;
}

function parseArguments(argv: string[]): Arguments {
  const args: Arguments = { lines: 1_000_000, seed: 1, source: 'sqlite', big: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--big') {
      args.big = true;
      continue;
    }
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    if (flag === '--only') args.only = value;
    else if (flag === '--source') {
      if (!BENCH_SOURCES.includes(value as BenchSource)) throw new Error(`--source needs one of ${BENCH_SOURCES.join(', ')}, got ${JSON.stringify(value)} (${USAGE})`);
      args.source = value as BenchSource;
    } else if (flag === '--lines' || flag === '--seed') {
      const number = Number(value?.replace(/[_,]/g, ''));
      if (!Number.isInteger(number) || number < (flag === '--lines' ? 100 : 0)) throw new Error(`${flag} needs a whole number${flag === '--lines' ? ' of at least 100' : ''}, got ${JSON.stringify(value)}`);
      args[flag === '--lines' ? 'lines' : 'seed'] = number;
    } else throw new Error(`unknown argument ${JSON.stringify(flag)} (${USAGE})`);
  }
  return args;
}

function loadSections(only?: string): BenchSection[] {
  const folder = join(__dirname, 'sections');
  const sections = readdirSync(folder)
    .filter((file) => file.endsWith('.js'))
    .sort()
    .map((file) => sectionOf(require(join(folder, file)) as Record<string, unknown>, file));
  if (only === undefined) return sections;
  const chosen = sections.filter((s) => s.name === only);
  if (chosen.length === 0) throw new Error(`no bench section ${JSON.stringify(only)} (have: ${sections.map((s) => s.name).join(', ')})`);
  return chosen;
}

/** A section module exports `section` (or a default, or any export with `name` and `run`). */
function sectionOf(module: Record<string, unknown>, file: string): BenchSection {
  const candidates = [module.section, module.default, ...Object.values(module)];
  const found = candidates.find((c): c is BenchSection => typeof (c as BenchSection | undefined)?.run === 'function' && typeof (c as BenchSection).name === 'string');
  if (!found) throw new Error(`bench section ${file} exports no { name, run }`);
  return found;
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const results: Record<string, BenchResult | { error: string }> = {};
  let failed = false;
  const sections = loadSections(args.only);
  // on stderr beside the sections' logs; stdout keeps the tables
  const progress = progressFor(process.stderr);
  for (const [index, section] of sections.entries()) {
    progress.step(index, sections.length, section.name);
    const workDir = mkdtempSync(join(tmpdir(), `ledgersync-bench-${section.name}-`));
    const context: BenchContext = { lines: args.lines, seed: args.seed, source: args.source, big: args.big, workDir, log: (message) => progress.line(`[${section.name}] ${message}`) };
    try {
      const result = await section.run(context);
      results[section.name] = result;
      progress.end();
      process.stdout.write(`${formatResult(section.name, result)}\n\n`);
    } catch (error) {
      failed = true;
      progress.end();
      results[section.name] = { error: String((error as Error).stack ?? error) };
      process.stderr.write(`[${section.name}] failed: ${(error as Error).stack ?? error}\n`);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }
  const file = join(tmpdir(), `ledgersync-bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, ...args, results }, null, 2));
  process.stdout.write(`figures written to ${file}\n`);
  if (failed) process.exitCode = 1;
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 2;
});
