import { AdapterConnectionError, AdapterError, AdapterErrorCode, HttpClient, Logger, RateLimitedError } from '@ledgersync/sdk';
import { encodeQuery } from '../endpoints';
import { parsePage } from '../odata';
import { ErrorBudget } from './error-budget';
import { AccessTokens } from './oauth';
import { RateLimiter, Sleep } from './rate-limit';

/** How often a call refused with 429 is retried after waiting for the minutely reset. */
const MAX_REFUSALS = 3;

/**
 * One division's REST API: `GET {baseUrl}/api/v1/{division}/{resource}`, bearer token, JSON,
 * OData paging by `__next` links. Every call passes the rate limiter first and feeds it the quota
 * headers of its response.
 */
export class ExactClient {
  constructor(
    private readonly baseUrl: string,
    private readonly division: number,
    private readonly http: HttpClient,
    private readonly tokens: AccessTokens,
    private readonly limiter: RateLimiter,
    private readonly sleep: Sleep,
    private readonly logger: Logger,
    private readonly errors: ErrorBudget,
  ) {}

  /** URL of a resource of the division, with its query (`$select`, `$filter`) encoded. */
  url(resource: string, query: Record<string, string> = {}): string {
    const search = encodeQuery(query);
    return `${this.baseUrl}/api/v1/${this.division}/${resource}${search ? `?${search}` : ''}`;
  }

  /** Every row of a listing, page by page, following `__next`. */
  async *rows<Row>(resource: string, query: Record<string, string> = {}): AsyncIterable<Row> {
    let url: string | undefined = this.url(resource, query);
    while (url) {
      const body = await this.getJson(url);
      const page = parsePage<Row>(body);
      if (!page) throw new AdapterError(AdapterErrorCode.Source, `Exact Online answered ${resource} with a body that is not an OData collection`);
      yield* page.results;
      // the bearer token goes only where the connection points: a __next link elsewhere is refused
      if (page.next !== undefined && !page.next.startsWith(`${this.baseUrl}/`)) throw new AdapterError(AdapterErrorCode.Source, `Exact Online's next-page link for ${resource} leaves ${this.baseUrl}`);
      url = page.next;
    }
  }

  async getJson(url: string): Promise<unknown> {
    const response = await this.send(url, { method: 'GET' });
    if (!response.ok) throw new AdapterError(AdapterErrorCode.Source, `Exact Online answered ${resourceOf(url)} with HTTP ${response.status}`);
    return response.json();
  }

  /**
   * POSTs a JSON body. Returns the response whatever its status, so that the caller can turn a
   * refusal (400) into an error naming its own fields.
   */
  async post(resource: string, body: unknown): Promise<{ status: number; json: unknown }> {
    const response = await this.send(this.url(resource), { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    return { status: response.status, json: await response.json().catch(() => undefined) };
  }

  /**
   * One call through the rate limiter and the error budget, with waits on 429. A 401 gets one
   * fresh token only when the token policy allows a refresh (see AccessTokens.invalidate).
   */
  private async send(url: string, init: { method: string; body?: string; headers?: Record<string, string> }): Promise<Response> {
    let refusals = 0;
    let refreshed = false;
    const endpoint = resourceOf(url);
    for (;;) {
      this.errors.check(endpoint);
      await this.limiter.beforeCall();
      const token = await this.tokens.current();
      let response: Response;
      try {
        response = await this.http.fetch(url, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}`, accept: 'application/json' } });
      } catch (cause) {
        throw new AdapterConnectionError(`Exact Online cannot be reached at ${this.baseUrl} (${(cause as Error).message})`);
      }
      this.limiter.record(response.headers);
      if (response.status >= 400 && response.status !== 429) this.errors.fail(endpoint);
      if (response.status === 401 && !refreshed) {
        refreshed = true;
        this.logger.info('Exact Online refused the access token; refreshing it');
        await this.tokens.invalidate();
        continue;
      }
      if (response.status === 429) {
        const wait = this.limiter.minutelyWaitAfterRefusal();
        if (wait === undefined || ++refusals > MAX_REFUSALS) {
          throw new RateLimitedError(`Exact Online refused ${resourceOf(url)} with HTTP 429 (quota ${describeQuota(this.limiter)})`, wait);
        }
        this.logger.warn('Exact Online rate limit reached; waiting for the minutely reset', { waitMs: wait });
        await this.sleep(wait);
        continue;
      }
      if (response.status === 401) throw new AdapterConnectionError(`Exact Online refused the refreshed access token for ${resourceOf(url)} (HTTP 401)`, 'refreshToken');
      return response;
    }
  }
}

/** The resource path without host and query, for messages. */
function resourceOf(url: string): string {
  return new URL(url).pathname;
}

function describeQuota(limiter: RateLimiter): string {
  const q = limiter.quota;
  return `daily ${q.dailyRemaining ?? '?'}/${q.dailyLimit ?? '?'}, minutely ${q.minutelyRemaining ?? '?'}/${q.minutelyLimit ?? '?'}`;
}
