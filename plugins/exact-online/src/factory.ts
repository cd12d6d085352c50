import { AdapterServices } from '@ledgersync/sdk';
import { ExactOnlineAdapter } from './adapter';
import { parseConfiguration } from './configuration';
import { ErrorBudget } from './http/error-budget';
import { ExactClient } from './http/exact-client';
import { AccessTokens, MemoryRefreshTokenStore, RefreshTokenStore } from './http/oauth';
import { RateLimiter, realSleep, Sleep } from './http/rate-limit';
import { Booker } from './push/booker';
import { DivisionReader } from './reader';

export interface ExactOnlineOptions {
  /** Where rotated refresh tokens go (default: memory only). */
  tokenStore?: RefreshTokenStore;
  /** How the adapter waits for a rate-limit reset (tests pass one that moves a fake clock). */
  sleep?: Sleep;
}

/** Builds the adapter of one connection from its configuration and the host's services. */
export function createExactOnlineAdapter(configuration: Readonly<Record<string, unknown>>, services: Pick<AdapterServices, 'http' | 'clock' | 'logger'>, options: ExactOnlineOptions = {}): ExactOnlineAdapter {
  const config = parseConfiguration(configuration);
  const sleep = options.sleep ?? realSleep;
  const tokens = new AccessTokens(config, services.http, services.clock, options.tokenStore ?? new MemoryRefreshTokenStore());
  const limiter = new RateLimiter(services.clock, sleep, config.dailyReserve, {
    onWait: (ms, reason) => services.logger.warn('Exact Online rate limit: waiting', { waitMs: ms, reason }),
  });
  const client = new ExactClient(config.baseUrl, config.division, services.http, tokens, limiter, sleep, services.logger, new ErrorBudget(services.clock));
  const reader = new DivisionReader(client, config.division);
  return new ExactOnlineAdapter(reader, new Booker(client, reader), config.dossierId);
}
