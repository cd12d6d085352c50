import { expect } from 'chai';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import nock from 'nock';
import { ENTITIES, readRecordedLedgerFile, replay } from '@ledgersync/sdk';
import { createExactOnlineAdapter, MemoryRefreshTokenStore } from '../src';
import { CassetteEntry, divisionCassette, DivisionRenderer, holdInExact, removeScopes } from '../src/fixture';
import { recordDivision, SCRUBBED } from '../src/record';
import { CapturingLogger, collect, LEDGERS, services } from './support';

/** A stand-in for a live division on a real socket: answers each request from a cassette. */
function serve(answers: () => CassetteEntry[]): Promise<Server> {
  const server = createServer((request, response) => {
    const entry = answers().find((e) => e.method === request.method && e.path === request.url);
    if (!entry) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(entry.status ?? 200, (entry.rawHeaders ?? {}) as Record<string, string>).end(JSON.stringify(entry.response));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('exact-online: record command', () => {
  it('records a division over real HTTP, scrubs the credentials, and the cassette replays the same ledger', async () => {
    const ledger = readRecordedLedgerFile(LEDGERS[0]);
    const steps = [...replay(ledger)];
    const last = steps[steps.length - 1];
    let cassette: CassetteEntry[] = [];
    const server = await serve(() => cassette);
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const renderer = new DivisionRenderer(42, ledger.dossier);
    cassette = divisionCassette(renderer.render(last.source, last.marker), { baseUrl, division: 42, accessToken: 'SECRET-access', refreshToken: 'SECRET-rotated', now: Date.now(), watermarks: [] });
    const store = new MemoryRefreshTokenStore('SECRET-refresh');
    const configuration = { baseUrl, division: 42, dossierId: ledger.dossier.id, clientId: 'app', clientSecret: 'SECRET-client', refreshToken: 'SECRET-refresh' };
    const scopes: nock.Scope[] = [];
    try {
      const recorded = await recordDivision({ configuration, tokenStore: store, logger: new CapturingLogger() });
      expect(await store.load(), 'the rotated refresh token went to the store').to.equal('SECRET-rotated');
      const written = JSON.stringify(recorded);
      expect(written).to.not.include('SECRET');
      expect(recorded.find((e) => String(e.path).includes('/oauth2/token'))?.response).to.include({ access_token: SCRUBBED.accessToken, refresh_token: SCRUBBED.refreshToken });
      expect(recorded.some((e) => String(e.path).includes('sync/Financial/TransactionLines'))).to.equal(true);

      server.close();
      scopes.push(...nock.define(recorded).map((scope) => scope.persist()));
      const replayed = createExactOnlineAdapter({ ...configuration, clientSecret: 'other', refreshToken: 'other' }, services());
      for (const entity of ENTITIES) {
        const rows = await collect(replayed.read(ledger.dossier.id, entity));
        // matchings as Exact holds them: one per EndDate, rebuilt from settled items (the declared loss)
        const source = entity === 'matching' ? holdInExact(last.source, last.index) : last.source;
        expect(new Map(rows.map((r) => [r.id, r.record])), entity).to.deep.equal(new Map([...source[entity]].map(([id, held]) => [id, held.record])));
      }
    } finally {
      removeScopes(scopes);
      server.close();
    }
  });
});
