import { LedgersyncError } from '@ledgersync/sdk';
import nodemailer from 'nodemailer';
import { DossierView } from './dossiers';

/** SMTP settings of the platform's mail relay. The password is a secret: never logged, never in an error. */
export interface SmtpSettings {
  host: string;
  port: number;
  secure?: boolean;
  from: string;
  user?: string;
  password?: string;
  /** Gives up on a relay that does not answer (default 10 s). */
  timeoutMs?: number;
  /** Accepts a relay's self-signed certificate (tests, internal relays). */
  allowSelfSigned?: boolean;
}

export class EmailError extends LedgersyncError {
  constructor(code: 'EMAIL_NO_RECIPIENT' | 'EMAIL_SEND_FAILED', detail: string) {
    super(code, detail);
  }
}

/** Tells a dossier's client that the books were brought up to date. */
export interface ClientNotifier {
  notifyClient(dossier: DossierView): Promise<void>;
}

/** The standard message the accountant's "notify the client" tick sends. */
export function standardMessage(dossier: DossierView): { subject: string; text: string } {
  const until = dossier.updatedUntil ? ` up to ${dossier.updatedUntil}` : '';
  return {
    subject: `Your accounts are up to date: ${dossier.name}`,
    text: [
      `Dear client,`,
      ``,
      `Your accountant has brought the books of ${dossier.name}${until} into the client portal.`,
      `You can now see your balances and open items there.`,
      ``,
      `Kind regards,`,
      `Your accountant`,
    ].join('\n'),
  };
}

/** Sends the standard message through an SMTP relay with nodemailer. */
export function smtpNotifier(settings: SmtpSettings): ClientNotifier {
  const timeout = settings.timeoutMs ?? 10_000;
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure ?? false,
    auth: settings.user ? { user: settings.user, pass: settings.password ?? '' } : undefined,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    tls: settings.allowSelfSigned ? { rejectUnauthorized: false } : undefined,
  });
  return {
    async notifyClient(dossier) {
      if (!dossier.clientEmail) throw new EmailError('EMAIL_NO_RECIPIENT', `dossier ${dossier.id} has no client e-mail address (field clientEmail)`);
      try {
        await transport.sendMail({ from: settings.from, to: dossier.clientEmail, ...standardMessage(dossier) });
      } catch (cause) {
        // nodemailer's message names host and response, never the password
        throw new EmailError('EMAIL_SEND_FAILED', `dossier ${dossier.id}: sending to the client failed: ${(cause as Error).message}`);
      }
    },
  };
}
