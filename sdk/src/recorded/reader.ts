import { readFileSync } from 'node:fs';
import { LedgersyncError } from '../errors';
import { describeSchemaError, modelAjv, LEDGER_FORMAT_SCHEMA } from '../model/schemas';
import { RecordedLedger } from './ledger';

/** A file that is not a recorded ledger; names the file and the JSON path. */
export class RecordedLedgerError extends LedgersyncError {
  constructor(readonly source: string, readonly field: string, detail: string) {
    super('RECORDED_LEDGER_INVALID', `${source}${field ? `, ${field}` : ''}: ${detail}`);
  }
}

/**
 * Checks a parsed recorded ledger: the format's JSON Schema, then what a schema cannot say
 * (`at` strictly increasing). Records inside puts are not checked here: a ledger may hold bad
 * records on purpose, and the engine must quarantine them.
 */
export function parseRecordedLedger(json: unknown, source = 'recorded ledger'): RecordedLedger {
  const validate = modelAjv().getSchema(LEDGER_FORMAT_SCHEMA.$id)!;
  if (!validate(json)) {
    const errors = validate.errors ?? [];
    // oneOf on changes reports every branch; the most specific (deepest) error explains best.
    const deepest = errors.reduce((a, b) => (b.instancePath.length > a.instancePath.length ? b : a), errors[0]);
    const { field, detail } = describeSchemaError(deepest);
    throw new RecordedLedgerError(source, field, detail);
  }
  const ledger = json as RecordedLedger;
  let previous = -Infinity;
  ledger.steps.forEach((step, index) => {
    const at = Date.parse(step.at);
    if (!(at > previous)) throw new RecordedLedgerError(source, `steps[${index}].at`, `${step.at} is not after the previous step's`);
    previous = at;
  });
  return ledger;
}

/** Reads and checks a recorded-ledger file. */
export function readRecordedLedgerFile(path: string): RecordedLedger {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new RecordedLedgerError(path, '', `cannot be read as JSON (${(cause as Error).message})`);
  }
  return parseRecordedLedger(json, path);
}
