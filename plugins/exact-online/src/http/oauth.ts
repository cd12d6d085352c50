import { AdapterConnectionError, Clock, HttpClient, RateLimitedError } from '@ledgersync/sdk';

/**
 * Where the rotated refresh token goes. Exact Online issues a new refresh token on every refresh
 * and invalidates the old one, so a connector that forgets it is locked out at the next start.
 */
export interface RefreshTokenStore {
  load(): Promise<string | undefined>;
  save(refreshToken: string): Promise<void>;
  /**
   * Optional: where the access token and the times of recent refreshes survive a restart, so that
   * a new process neither refreshes within 9.5 minutes of the last refresh nor passes 200 token
   * calls a day. A secret: store it as the refresh token is stored.
   */
  loadTokenState?(): Promise<TokenState | undefined>;
  saveTokenState?(state: TokenState): Promise<void>;
}

/** The access token in use and when the token endpoint was last called (epoch ms, last 24 hours). */
export interface TokenState {
  accessToken?: string;
  expiresAt?: number;
  refreshes: number[];
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
/** Exact refuses a refresh sooner than 9.5 minutes after the previous one ("token not expired"). */
export const MIN_REFRESH_INTERVAL_MS = 570_000;
/** Exact allows 200 calls to the token endpoint per app and user a day. */
export const TOKEN_CALLS_PER_DAY = 200;
const DAY_MS = 86_400_000;

/**
 * The access token of one connection, refreshed with the `refresh_token` grant at
 * `/api/oauth2/token` when it is about to expire or when the API answers 401. Tokens are secrets:
 * no message this class writes contains one.
 */
export class AccessTokens {
  private access?: { token: string; expiresAt: number };
  private refreshing?: Promise<string>;
  private refreshes: number[] = [];
  private loaded?: Promise<void>;

  constructor(private readonly credentials: OAuthCredentials, private readonly http: HttpClient, private readonly clock: Clock, private readonly store: RefreshTokenStore) {}

  /** A valid access token, refreshing it first when needed. */
  async current(): Promise<string> {
    await this.loadState();
    if (this.access && this.access.expiresAt - EXPIRY_MARGIN_MS > this.clock.now().getTime()) return this.access.token;
    return this.refresh();
  }

  /**
   * The API refused the access token. A new one is fetched only when Exact would grant it (9.5
   * minutes after the previous refresh, within the day's 200 token calls); otherwise the refusal
   * stands as a connection error: refreshing on every 401 spends the token quota and gets refused.
   */
  async invalidate(): Promise<string> {
    await this.loadState();
    const last = this.refreshes[this.refreshes.length - 1];
    if (last !== undefined && this.clock.now().getTime() - last < MIN_REFRESH_INTERVAL_MS) {
      throw new AdapterConnectionError('Exact Online refused an access token refreshed less than 9.5 minutes ago; not refreshing again before then', 'refreshToken');
    }
    this.access = undefined;
    return this.refresh();
  }

  private loadState(): Promise<void> {
    this.loaded ??= (async () => {
      const state = await this.store.loadTokenState?.();
      if (!state) return;
      this.refreshes = state.refreshes.filter((at) => at > this.clock.now().getTime() - DAY_MS);
      if (state.accessToken !== undefined && state.expiresAt !== undefined) this.access = { token: state.accessToken, expiresAt: state.expiresAt };
    })();
    return this.loaded;
  }

  private refresh(): Promise<string> {
    // one refresh at a time: a second refresh with the same refresh token would fail once Exact rotated it
    this.refreshing ??= this.requestToken().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async requestToken(): Promise<string> {
    const now = this.clock.now().getTime();
    this.refreshes = this.refreshes.filter((at) => at > now - DAY_MS);
    if (this.refreshes.length >= TOKEN_CALLS_PER_DAY) {
      throw new RateLimitedError(`Exact Online allows ${TOKEN_CALLS_PER_DAY} token calls a day; all are spent`, this.refreshes[0] + DAY_MS - now);
    }
    this.refreshes.push(now);
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
    await this.store.saveTokenState?.({ accessToken: this.access.token, expiresAt: this.access.expiresAt, refreshes: this.refreshes });
    return json.access_token;
  }
}
