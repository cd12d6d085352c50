import { Knex } from 'knex';
import {
  AdapterCapabilities, AdapterConfigurationError, BucketDigest, BucketRange, Clock, DeletedRecord, DigestOptions, DossierInfo, ENTITIES, EntityName, ExtractionAdapter,
  KeyRecord, Proposal, ProposalRejectedError, ReadOptions, SourceRecord, UnknownDossierError,
} from '@ledgersync/sdk';
import { ErpnextConfig } from './config';
import { MAPPINGS, Row, Scope, SqlValue } from './entities';
import { deletedSince } from './deletions';
import { EntityListing } from './listing';
import { probeToken } from './probe';
import { bookProposal, pushedVoucher } from './push';
import { FrappeClient } from './rest/frappe-client';
import { SchemaFacts } from './schema-facts';
import { selectRows } from './sql/query';

/**
 * The ERPNext / Frappe adapter: one instance per site database; every Company is a dossier.
 * Reads through SQL; writes only on `push`, through Frappe's REST API.
 */
export class ErpnextAdapter implements ExtractionAdapter {
  constructor(
    private readonly db: Knex,
    private readonly config: ErpnextConfig,
    private readonly facts: SchemaFacts,
    private readonly clock: Clock,
  ) {
    this.client = config.url && config.apiKey && config.apiSecret ? new FrappeClient(config.url, config.apiKey, config.apiSecret) : undefined;
  }

  private readonly client?: FrappeClient;

  capabilities(): AdapterCapabilities {
    return {
      entities: ENTITIES,
      markers: 'timestamp',
      keys: true,
      digests: true,
      // Frappe logs deletions of documents; periods are derived and never logged
      deletedSince: ENTITIES.filter((e) => e !== 'period'),
      // only through the site's REST API, so ERPNext writes its own ledgers
      push: this.client !== undefined,
      probe: true,
      silentChangesPossible: ENTITIES,
      // read and digests take `ranges`: every bucket filter is a pass over the GL (MD5 per row, no
      // index on it), so the engine's differing buckets of a level go into one statement
      bucketLists: true,
    };
  }

  async *listDossiers(): AsyncIterable<DossierInfo> {
    for (const row of await this.companies()) yield dossierOf(row);
  }

  read<E extends EntityName>(dossierId: string, entity: E, options?: ReadOptions): AsyncIterable<SourceRecord<E>> {
    return this.inDossier(dossierId, (scope) => this.listing(scope, entity).read(options));
  }

  keys(dossierId: string, entity: EntityName, range?: BucketRange): AsyncIterable<KeyRecord> {
    return this.inDossier(dossierId, (scope) => this.listing(scope, entity).keys(range));
  }

  digests(dossierId: string, entity: EntityName, options: DigestOptions): AsyncIterable<BucketDigest> {
    return this.inDossier(dossierId, (scope) => this.listing(scope, entity).digests(options));
  }

  deletedSince(dossierId: string, since: string): AsyncIterable<DeletedRecord> {
    return this.inDossier(dossierId, (scope) => deletedSince(this.db, scope, since, this.config.pageSize));
  }

  async push(dossierId: string, proposal: Proposal): Promise<SourceRecord<'entry'>> {
    if (!this.client) throw new AdapterConfigurationError('url', 'is required to push: proposals are booked through the REST API');
    const { scope, dossier } = await this.dossier(dossierId);
    const name = (await pushedVoucher(this.db, scope, proposal.id)) ?? (await bookProposal({
      db: this.db,
      scope,
      dossierId,
      currency: dossier.currency,
      client: this.client,
      journals: () => collect(this.listing(scope, 'journal').read()).then((rows) => rows.map((r) => r.record)),
      periods: () => collect(this.listing(scope, 'period').read()).then((rows) => rows.map((r) => r.record)),
    }, proposal));
    const found = await this.listing(scope, 'entry').find(name);
    // a voucher booked without live GL rows (cancelled since) is no entry to return
    if (!found) throw new ProposalRejectedError(dossierId, proposal.id, 'id', `voucher ${name} booked for it has no live GL Entries`);
    return found;
  }

  /** Per table read: count, latest `modified` and XOR of row digests (see probe.ts). */
  async probe(dossierId: string): Promise<string> {
    const { scope } = await this.dossier(dossierId);
    return probeToken(this.db, scope);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  private listing<E extends EntityName>(scope: Scope, entity: E): EntityListing<E> {
    return new EntityListing(this.db, MAPPINGS[entity] as never, scope, this.config.pageSize);
  }

  private async *inDossier<T>(dossierId: string, list: (scope: Scope) => AsyncIterable<T>): AsyncIterable<T> {
    const { scope } = await this.dossier(dossierId);
    yield* list(scope);
  }

  private async dossier(dossierId: string): Promise<{ scope: Scope; dossier: DossierInfo }> {
    const row = (await this.companies(dossierId))[0];
    if (!row) throw new UnknownDossierError(dossierId);
    return { scope: { company: dossierId, facts: this.facts, counterpartyIds: this.config.counterpartyIds }, dossier: dossierOf(row) };
  }

  private async companies(only?: string): Promise<Row[]> {
    const where: string[] = [];
    const bindings: SqlValue[] = [];
    for (const name of [this.config.company, only]) {
      if (name === undefined) continue;
      where.push('c.name = ?');
      bindings.push(name);
    }
    return selectRows(
      this.db,
      `SELECT c.name, c.company_name, c.default_currency, c.tax_id, COALESCE(UPPER(co.code), c.country) AS country
       FROM \`tabCompany\` c LEFT JOIN \`tabCountry\` co ON co.name = c.country
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY CAST(c.name AS BINARY)`,
      bindings,
      'companies',
    );
  }
}

function dossierOf(row: Row): DossierInfo {
  const dossier: DossierInfo = { id: String(row.name), name: String(row.company_name ?? row.name), currency: String(row.default_currency) };
  if (row.country) dossier.country = String(row.country);
  if (row.tax_id) dossier.vatNumber = String(row.tax_id);
  return dossier;
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
