import { AddressInfo } from 'node:net';
import { Period, truthOf } from '@ledgersync/sdk';
import { expect } from 'chai';
import { SMTPServer } from 'smtp-server';
import { DossierView, smtpNotifier, TaskView } from '../../src/platform';
import { publicLedgers } from '../platform/support/ledgers';
import { expectPlatformEquals } from './support/compare';
import { Harness, materialise } from './support/harness';

interface Mail {
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback that keeps what it receives and bounces `bounce@` recipients. */
async function startSmtp(): Promise<{ server: SMTPServer; port: number; mails: Mail[] }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('bounce@')) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.server.address() as AddressInfo).port, mails };
}

describe('manual sync with the accountant fields, bulk fields, and the client e-mail over SMTP', function () {
  this.timeout(60_000);
  const ledgers = publicLedgers();
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let harness: Harness;

  before(async () => {
    smtp = await startSmtp();
    harness = await new Harness({ ledgers, notifier: smtpNotifier({ host: '127.0.0.1', port: smtp.port, from: 'office@accountant.test', timeoutMs: 5_000 }) }).start();
  });
  after(async () => {
    await harness?.stop();
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
  });

  for (const [n, ledger] of ledgers.entries()) {
    it(`${ledger.name}: a second request updates the queued sync; after it runs, every field has taken effect and the client got the standard message`, async () => {
      const dossierId = ledger.dossier.id;
      const play = harness.plays[n];
      materialise(play, 0);
      const email = `client-${n}@example.test`;
      expect((await harness.call('PUT', `/api/dossiers/${dossierId}/client-email`, { email })).status).to.equal(200);
      await harness.platform.dossiers.addToProposalCounter(dossierId, 4);

      const first = await harness.call<{ task: TaskView; merged: boolean }>('POST', `/api/dossiers/${dossierId}/sync`, { kind: 'incremental', updatedUntil: '2025-01-31' });
      const second = await harness.call<{ task: TaskView; merged: boolean; expectedPickup: string }>('POST', `/api/dossiers/${dossierId}/sync`, { kind: 'full', resetProposalCounter: true, notifyClient: true, activePeriodId: '2025-02' });
      expect(first.status).to.equal(201);
      expect(second.status).to.equal(200);
      expect(second.body).to.deep.include({ merged: true });
      expect(second.body.task).to.deep.include({ id: first.body.task.id, kind: 'full', origin: 'manual', fields: { updatedUntil: '2025-01-31', resetProposalCounter: true, notifyClient: true, activePeriodId: '2025-02' } });
      expect((await harness.platform.dossiers.get(dossierId)).updatedUntil, 'nothing changes before the sync ran').to.equal(null);

      await harness.connector.drain();
      const task = await harness.platform.tasks.get(first.body.task.id);
      expect(task.state, JSON.stringify(task.error)).to.equal('succeeded');
      expect(task.emailError).to.equal(null);
      const truth = truthOf(ledger, play.steps[0]).state;
      await expectPlatformEquals(harness.platform, dossierId, truth, `${ledger.name} after the manual full sync`);

      const dossier: DossierView = await harness.platform.dossiers.get(dossierId);
      const active = truth.period.get('2025-02') as Period;
      const earlier = [...truth.period.values()].filter((p) => p.end < active.start).map((p) => p.id).sort();
      expect(earlier.length).to.be.greaterThan(0);
      expect(dossier).to.deep.include({ updatedUntil: '2025-01-31', proposalCounter: 0, activePeriodId: '2025-02', closedPeriodIds: earlier });
      expect(dossier.lastSync.manual).to.be.a('string');

      const mail = smtp.mails.find((m) => m.to.includes(email));
      expect(mail, 'the client got a message').to.not.equal(undefined);
      expect(mail!.raw).to.match(new RegExp(`Subject: Your accounts are up to date: ${ledger.dossier.name}`));
      expect(mail!.raw).to.include('From: office@accountant.test');
      expect(mail!.raw.replace(/=\r?\n/g, '')).to.include(`brought the books of ${ledger.dossier.name} up to 2025-01-31`);
    });
  }

  it('reports a failed e-mail on the task, and the sync still counts', async () => {
    const ledger = ledgers[0];
    await harness.call('PUT', `/api/dossiers/${ledger.dossier.id}/client-email`, { email: 'bounce@example.test' });
    const asked = await harness.call<{ task: TaskView }>('POST', `/api/dossiers/${ledger.dossier.id}/sync`, { kind: 'incremental', notifyClient: true, updatedUntil: '2025-02-05' });
    await harness.connector.drain();
    const task = await harness.platform.tasks.get(asked.body.task.id);
    expect(task.state).to.equal('succeeded');
    expect(task.emailError?.code).to.equal('EMAIL_SEND_FAILED');
    expect(task.emailError?.message).to.match(new RegExp(`dossier ${ledger.dossier.id}: sending to the client failed: .*mailbox unavailable`));
    expect((await harness.platform.dossiers.get(ledger.dossier.id)).updatedUntil).to.equal('2025-02-05');
    await expectPlatformEquals(harness.platform, ledger.dossier.id, truthOf(ledger, harness.plays[0].steps[0]).state, 'after the bounced e-mail');
  });

  it('sets updated-until and resets the proposal counter for many dossiers at once, and refuses a bad date naming the field', async () => {
    const ids = ledgers.map((l) => l.dossier.id);
    for (const id of ids) await harness.platform.dossiers.addToProposalCounter(id, 2);
    const done = await harness.call('POST', '/api/dossiers/bulk', { dossierIds: ids, updatedUntil: '2025-02-28', resetProposalCounter: true });
    expect(done.status).to.equal(200);
    for (const id of ids) expect(await harness.platform.dossiers.get(id)).to.deep.include({ updatedUntil: '2025-02-28', proposalCounter: 0 });
    const bad = await harness.call<{ error: { code: string; message: string } }>('POST', '/api/dossiers/bulk', { dossierIds: ids, updatedUntil: '28/02/2025' });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.code).to.equal('PLATFORM_INVALID_FIELD');
    expect(bad.body.error.message).to.match(/field updatedUntil: "28\/02\/2025" is not a date YYYY-MM-DD/);
  });
});
