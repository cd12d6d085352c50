import { Knex } from 'knex';
import { Clock, isoNow } from '../clock';
import { invalidField, PlatformError, PlatformErrorCode } from '../errors';
import { newSecret, sameDigest, sha256, splitCredential } from './secrets';

export interface ConnectorCredentialView {
  connectorId: string;
  issuedAt: string;
  revokedAt: string | null;
  dossiers: string[];
}

const CONNECTOR_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Connector credentials (`lsc:<connector id>:<secret>`, one per connector, stored as SHA-256) and the
 * dossiers the operator assigned to each connector. A connector can only serve dossiers assigned
 * to it: registering a dossier cannot take it from another connector.
 */
export class ConnectorAccess {
  constructor(private readonly db: Knex, private readonly clock: Clock) {}

  /** Issues (or re-issues, replacing the old one) the connector's credential. The only time the secret is seen. */
  async issue(connectorId: string): Promise<string> {
    if (!CONNECTOR_ID.test(connectorId)) throw invalidField('connectorId', 'must be 1 to 64 letters, digits, dots, dashes or underscores');
    const secret = newSecret();
    await this.db('pf_connector_credentials')
      .insert({ connector_id: connectorId, secret_sha256: sha256(secret), issued_at: isoNow(this.clock), revoked_at: null })
      .onConflict('connector_id')
      .merge(['secret_sha256', 'issued_at', 'revoked_at']);
    return `lsc:${connectorId}:${secret}`;
  }

  async revoke(connectorId: string): Promise<void> {
    const changed = await this.db('pf_connector_credentials').where({ connector_id: connectorId }).whereNull('revoked_at').update({ revoked_at: isoNow(this.clock) });
    if (changed === 0) throw new PlatformError(PlatformErrorCode.InvalidOperation, `connector ${connectorId} has no credential to revoke`);
  }

  /** The operator's decision: these dossiers are served by this connector (moving them from another one). */
  async assign(connectorId: string, dossierIds: string[]): Promise<void> {
    const now = isoNow(this.clock);
    await this.db.transaction(async (trx) => {
      for (const dossierId of dossierIds) {
        await trx('pf_dossier_assignments').insert({ dossier_id: dossierId, connector_id: connectorId, assigned_at: now }).onConflict('dossier_id').merge(['connector_id', 'assigned_at']);
        await trx('pf_dossiers').where({ dossier_id: dossierId }).update({ connector_id: connectorId });
      }
    });
  }

  /** The connector a dossier is assigned to, if any. */
  async assignee(dossierId: string): Promise<string | undefined> {
    const row = await this.db('pf_dossier_assignments').where({ dossier_id: dossierId }).first('connector_id');
    return row?.connector_id;
  }

  async list(): Promise<ConnectorCredentialView[]> {
    const rows = await this.db('pf_connector_credentials').orderBy('connector_id');
    const assignments: { dossier_id: string; connector_id: string }[] = await this.db('pf_dossier_assignments').orderBy('dossier_id');
    return rows.map((row) => ({
      connectorId: row.connector_id,
      issuedAt: row.issued_at,
      revokedAt: row.revoked_at ?? null,
      dossiers: assignments.filter((a) => a.connector_id === row.connector_id).map((a) => a.dossier_id),
    }));
  }

  /** The connector a credential belongs to; PLATFORM_UNAUTHORIZED for a wrong, unknown or revoked one (never saying which). */
  async authenticate(credential: string | undefined): Promise<string> {
    const parts = credential === undefined ? undefined : splitCredential('lsc', credential);
    const row = parts ? await this.db('pf_connector_credentials').where({ connector_id: parts.id }).whereNull('revoked_at').first() : undefined;
    if (!parts || !row || !sameDigest(row.secret_sha256, sha256(parts.secret))) {
      throw new PlatformError(PlatformErrorCode.Unauthorized, 'this call needs a valid connector credential (Authorization: Bearer lsc:…)');
    }
    return parts.id;
  }
}
