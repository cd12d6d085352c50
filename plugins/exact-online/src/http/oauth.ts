import { AdapterConnectionError, Clock, HttpClient } from '@ledgersync/sdk';

/**
 * Where the rotated refresh token goes. Exact Online issues a new refresh token on every refresh
 * and invalidates the old one, so a connector that forgets it is locked out at the next start.
 */
export interface RefreshTokenStore {
  load(): Promise<string | undefined>;
  save(refreshToken: string): Promise<void>;
}

/** Token in the plugin's container the host may register to persist rotated refresh tokens. */
export const REFRESH_TOKEN_STORE = Symbol.for('ledgersync.exact-online.RefreshTokenStore');

/** Keeps the rotated token in memory only (lost when the process ends). */
export class MemoryRefreshTokenStore implements RefreshTokenStore {
  constructor(private token?: string) {}

  async load(): Promise<string | undefined> {
    return this.token;
  }

  async save(refreshToken: string): Promise<void> {
    this.token = refreshToken;
  }
}

export interface OAuthCredentials {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

interface TokenResponse {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  error?: unknown;
}

/** Refresh this long before Exact says the access token expires (its tokens live 10 minutes). */
const EXPIRY_MARGIN_MS = 30_000;

/**
 * The access token of one connection, refreshed with the `refresh_token` grant at
 * `/api/oauth2/token` when it is about to expire or when the API answers 401. Tokens are secrets:
 * no message this class writes contains one.
 */
export class AccessTokens {
  private access?: { token: string; expiresAt: number };
  private refreshing?: Promise<string>;

  constructor(private readonly credentials: OAuthCredentials, private readonly http: HttpClient, private readonly clock: Clock, private readonly store: RefreshTokenStore) {}

  /** A valid access token, refreshing it first when needed. */
  async current(): Promise<string> {
    if (this.access && this.access.expiresAt - EXPIRY_MARGIN_MS > this.clock.now().getTime()) return this.access.token;
    return this.refresh();
  }

  /** Forgets the access token (the API refused it) and fetches a new one. */
  async invalidate(): Promise<string> {
    this.access = undefined;
    return this.refresh();
  }

  private refresh(): Promise<string> {
    // one refresh at a time: a second refresh with the same refresh token would fail once Exact rotated it
    this.refreshing ??= this.requestToken().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async requestToken(): Promise<string> {
    const refreshToken = (await this.store.load()) ?? this.credentials.refreshToken;
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: this.credentials.clientId,
      client_secret: this.credentials.clientSecret,
    });
    let response: Response;
    try {
      response = await this.http.fetch(`${this.credentials.baseUrl}/api/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: body.toString(),
      });
    } catch (cause) {
      throw new AdapterConnectionError(`the token endpoint of ${this.credentials.baseUrl} cannot be reached (${(cause as Error).message})`);
    }
    const json = (await response.json().catch(() => ({}))) as TokenResponse;
    if (!response.ok || typeof json.access_token !== 'string') {
      // Exact's `error` is a short code (invalid_grant, invalid_client); never echo the request.
      const code = typeof json.error === 'string' && /^[a-z_]{1,40}$/.test(json.error) ? ` (${json.error})` : '';
      const field = response.status === 400 || response.status === 401 ? 'refreshToken' : undefined;
      throw new AdapterConnectionError(`the token endpoint refused to refresh the access token: HTTP ${response.status}${code}`, field);
    }
    const expiresIn = Number(json.expires_in ?? 600);
    this.access = { token: json.access_token, expiresAt: this.clock.now().getTime() + (Number.isFinite(expiresIn) ? expiresIn : 600) * 1000 };
    if (typeof json.refresh_token === 'string' && json.refresh_token !== refreshToken) await this.store.save(json.refresh_token);
    return json.access_token;
  }
}
