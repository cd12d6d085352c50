#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { LedgersyncError } from '@ledgersync/sdk';
import { FileRefreshTokenStore } from './token-file';
import { recordDivision } from './record';

/**
 * `npm run record -w @ledgersync/plugin-exact-online -- <cassette.json>`
 *
 * Reads the connection from the environment (EXACT_BASE_URL, EXACT_DIVISION, EXACT_CLIENT_ID,
 * EXACT_CLIENT_SECRET, EXACT_REFRESH_TOKEN_FILE) and writes a scrubbed cassette of the division.
 * The refresh token lives in a file because Exact rotates it: the file holds the new one afterwards.
 */
async function main(argv: string[]): Promise<void> {
  const output = argv[0];
  const env = process.env;
  const missing = ['EXACT_DIVISION', 'EXACT_CLIENT_ID', 'EXACT_CLIENT_SECRET', 'EXACT_REFRESH_TOKEN_FILE'].filter((name) => !env[name]);
  if (!output || missing.length > 0) {
    process.stderr.write(`usage: record <cassette.json>, with ${missing.join(', ') || 'the EXACT_* variables'} set (see plugins/exact-online/README.md)\n`);
    process.exitCode = 2;
    return;
  }
  const tokenStore = new FileRefreshTokenStore(env.EXACT_REFRESH_TOKEN_FILE!);
  const refreshToken = await tokenStore.load();
  const logger = {
    debug: () => undefined,
    info: (message: string) => process.stderr.write(`${message}\n`),
    warn: (message: string) => process.stderr.write(`${message}\n`),
    error: (message: string) => process.stderr.write(`${message}\n`),
  };
  const cassette = await recordDivision({
    configuration: {
      baseUrl: env.EXACT_BASE_URL ?? 'https://start.exactonline.nl',
      division: Number(env.EXACT_DIVISION),
      clientId: env.EXACT_CLIENT_ID,
      clientSecret: env.EXACT_CLIENT_SECRET,
      refreshToken: refreshToken ?? '',
    },
    tokenStore,
    logger,
  });
  writeFileSync(output, `${JSON.stringify(cassette, null, 2)}\n`);
  process.stderr.write(`${cassette.length} exchanges written to ${output}, credentials scrubbed\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // adapter errors carry no secrets by construction; anything else is reduced to its message
  process.stderr.write(`${error instanceof LedgersyncError ? error.message : (error as Error).message}\n`);
  process.exitCode = 1;
});
