import { ENTITIES } from '@ledgersync/sdk';

/** JSON Schemas of what the routes accept; fastify compiles each once (ajv) and refuses a request that does not match. */

const id = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength });
export const DOSSIER_ID = id(64);
export const RECORD_ID = id(191);
const ISO_TIME = { type: 'string', minLength: 1, maxLength: 30 };

export const taskParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[1-9][0-9]{0,15}$' } } } as const;
export const dossierParams = { type: 'object', required: ['id'], properties: { id: DOSSIER_ID } } as const;
export const connectorParams = { type: 'object', required: ['connectorId'], properties: { connectorId: id(64) } } as const;

/** Changeset calls name the task they belong to: the lease covers the call. */
export const changesetQuery = {
  type: 'object',
  required: ['task'],
  additionalProperties: false,
  properties: { task: { type: 'string', pattern: '^[1-9][0-9]{0,15}$' }, connector: id(64) },
} as const;

export const registrationBody = {
  type: 'object',
  required: ['connectorId', 'pollIntervalMs', 'adapters', 'dossiers'],
  additionalProperties: false,
  properties: {
    connectorId: id(64),
    pollIntervalMs: { type: 'integer', minimum: 1 },
    adapters: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        required: ['id', 'version'],
        additionalProperties: false,
        properties: {
          id: id(64),
          version: id(64),
          backfill: { type: 'object', additionalProperties: false, required: ['whenUpgradingFrom', 'reason'], properties: { whenUpgradingFrom: id(255), reason: id(500) } },
        },
      },
    },
    dossiers: {
      type: 'array',
      maxItems: 100_000,
      items: { type: 'object', required: ['id', 'name', 'currency', 'adapterId'], properties: { id: DOSSIER_ID, name: id(255), currency: id(8), adapterId: id(64) } },
    },
  },
} as const;

export const failureBody = {
  type: 'object',
  required: ['code', 'message'],
  properties: { connectorId: id(64), code: id(64), message: { type: 'string', maxLength: 10_000 }, retryable: { type: 'boolean' } },
} as const;

const counts = {
  type: 'object',
  required: ['read', 'upserted', 'deleted', 'quarantined'],
  properties: Object.fromEntries(['read', 'upserted', 'deleted', 'quarantined'].map((name) => [name, { type: 'integer', minimum: 0 }])),
};

export const successBody = {
  type: 'object',
  required: ['counts', 'methods', 'quarantined'],
  properties: {
    connectorId: id(64),
    changesetId: id(64),
    counts,
    methods: { type: 'object' },
    quarantined: { type: 'array' },
    outcome: { type: 'string', maxLength: 255 },
    probeToken: { type: 'string', maxLength: 128 },
    booked: { type: 'object', additionalProperties: RECORD_ID },
  },
} as const;

export const connectorOnlyBody = { type: 'object', properties: { connectorId: id(64) } } as const;

export const changesetHeaderBody = {
  type: 'object',
  required: ['changesetId', 'dossierId', 'kind', 'startedAt'],
  properties: { changesetId: id(64), dossierId: DOSSIER_ID, kind: { enum: ['full', 'incremental', 'proposal'] }, startedAt: ISO_TIME },
} as const;

/** A page's frame; each upserted record is then checked against the model (validateShape) before the store sees it. */
export const changesetPageBody = {
  type: 'object',
  required: ['changesetId', 'dossierId', 'sequence', 'operations'],
  additionalProperties: false,
  properties: {
    changesetId: id(64),
    dossierId: DOSSIER_ID,
    sequence: { type: 'integer', minimum: 1 },
    operations: {
      type: 'array',
      items: {
        oneOf: [
          { type: 'object', required: ['op', 'entity', 'id', 'record', 'digest'], additionalProperties: false, properties: { op: { const: 'upsert' }, entity: { enum: ENTITIES }, id: RECORD_ID, record: { type: 'object' }, digest: id(128) } },
          { type: 'object', required: ['op', 'entity', 'id'], additionalProperties: false, properties: { op: { const: 'delete' }, entity: { enum: ENTITIES }, id: RECORD_ID } },
        ],
      },
    },
  },
} as const;

export const changesetSummaryBody = {
  type: 'object',
  required: ['changesetId', 'dossierId', 'kind'],
  properties: { changesetId: id(64), dossierId: DOSSIER_ID, kind: { enum: ['full', 'incremental', 'proposal'] } },
} as const;

export const manualSyncBody = {
  type: 'object',
  required: ['kind'],
  additionalProperties: false,
  properties: {
    kind: { enum: ['full', 'incremental'] },
    updatedUntil: { type: 'string', maxLength: 10 },
    resetProposalCounter: { type: 'boolean' },
    notifyClient: { type: 'boolean' },
    activePeriodId: RECORD_ID,
  },
} as const;

export const proposalsBody = {
  type: 'object',
  required: ['proposals'],
  additionalProperties: false,
  properties: { proposals: { type: 'array', maxItems: 10_000, items: { type: 'object' } } },
} as const;

export const clientEmailBody = { type: 'object', required: ['email'], additionalProperties: false, properties: { email: { type: 'string', maxLength: 255 } } } as const;

export const bulkBody = {
  type: 'object',
  required: ['dossierIds'],
  additionalProperties: false,
  properties: { dossierIds: { type: 'array', minItems: 1, maxItems: 100_000, items: DOSSIER_ID }, updatedUntil: { type: 'string', maxLength: 10 }, resetProposalCounter: { type: 'boolean' } },
} as const;

export const taskListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { state: { type: 'string', maxLength: 16 }, kind: { type: 'string', maxLength: 16 }, dossier: { type: 'string', maxLength: 64 } },
} as const;
