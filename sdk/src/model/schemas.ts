import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import ledgerFormatSchema from '../schemas/ledger-format.schema.json';
import { ENTITIES, EntityName } from './entities';

/** The JSON Schema of the recorded-ledger format; `definitions/<entity>` are the record schemas. */
export const LEDGER_FORMAT_SCHEMA = ledgerFormatSchema;
const LEDGER_FORMAT_ID = ledgerFormatSchema.$id;

/** One ajv instance for the model, created on first use: every schema is compiled once. */
let shared: Ajv | undefined;
export function modelAjv(): Ajv {
  if (!shared) {
    shared = new Ajv({ allErrors: true, strict: false });
    addFormats(shared);
    shared.addSchema(ledgerFormatSchema);
  }
  return shared;
}

const recordValidators = new Map<EntityName, ValidateFunction>();

/** The compiled schema of one entity's records. */
export function recordValidator(entity: EntityName): ValidateFunction {
  let validate = recordValidators.get(entity);
  if (!validate) {
    validate = modelAjv().compile({ $ref: `${LEDGER_FORMAT_ID}#/definitions/${entity}` });
    recordValidators.set(entity, validate);
  }
  return validate;
}

/** The JSON Schema of one entity's records, for adapter authors and documentation. */
export function recordSchema(entity: EntityName): object {
  if (!ENTITIES.includes(entity)) throw new TypeError(`unknown entity ${entity}`);
  return (ledgerFormatSchema.definitions as Record<string, object>)[entity];
}

/** Turns an ajv error into a field path (`lines[2].amount`) and a sentence. */
export function describeSchemaError(error: ErrorObject): { field: string; detail: string } {
  const segments = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let field = segments.reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), '');
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') field = field ? `${field}.${params.missingProperty}` : String(params.missingProperty);
  if (error.keyword === 'additionalProperties') {
    const extra = String(params.additionalProperty);
    field = field ? `${field}.${extra}` : extra;
    return { field, detail: 'is not a field of the model' };
  }
  if (error.keyword === 'required') return { field, detail: 'is required' };
  if (error.keyword === 'enum') return { field, detail: `${error.message} (${(params.allowedValues as unknown[]).join(', ')})` };
  return { field, detail: error.message ?? error.keyword };
}
