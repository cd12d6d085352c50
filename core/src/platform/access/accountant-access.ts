import { Knex } from 'knex';
import { Clock, isoNow } from '../clock';
import { invalidField, PlatformError, PlatformErrorCode } from '../errors';
import { hashPassword, newSecret, sameDigest, sha256, splitCredential, verifyPassword } from './secrets';

export interface AccountantSession {
  userId: string;
  /** Present for a cookie session: every state change must send it back (x-csrf-token). */
  csrfSha256?: string;
}

const USER_ID = /^[A-Za-z0-9._@-]{1,64}$/;
/** A working day: an accountant logs in each morning. */
const SESSION_MS = 12 * 3600_000;

/** Accountants: a password login giving a session (cookie + CSRF token), or per-user API tokens (`lsa:<user>:<secret>`). */
export class AccountantAccess {
  constructor(private readonly db: Knex, private readonly clock: Clock) {}

  async add(userId: string, password: string): Promise<void> {
    if (!USER_ID.test(userId)) throw invalidField('userId', 'must be 1 to 64 letters, digits, dots, dashes, underscores or @');
    if (password.length < 12) throw invalidField('password', 'must be at least 12 characters');
    const existing = await this.db('pf_accountants').where({ user_id: userId }).first('user_id');
    if (existing) throw new PlatformError(PlatformErrorCode.InvalidOperation, `accountant ${userId} exists already`);
    await this.db('pf_accountants').insert({ user_id: userId, password_scrypt: await hashPassword(password), created_at: isoNow(this.clock) });
  }

  async list(): Promise<{ userId: string; createdAt: string; tokens: number }[]> {
    const users = await this.db('pf_accountants').orderBy('user_id');
    const tokens: { user_id: string }[] = await this.db('pf_api_tokens').whereNull('revoked_at').select('user_id');
    return users.map((u) => ({ userId: u.user_id, createdAt: u.created_at, tokens: tokens.filter((t) => t.user_id === u.user_id).length }));
  }

  /** A new API token for scripts and `ledgersync tasks --platform`; the only time it is seen. */
  async issueToken(userId: string): Promise<string> {
    await this.requireUser(userId);
    const secret = newSecret();
    await this.db('pf_api_tokens').insert({ token_sha256: sha256(secret), user_id: userId, created_at: isoNow(this.clock) });
    return `lsa:${userId}:${secret}`;
  }

  async revokeTokens(userId: string): Promise<number> {
    await this.requireUser(userId);
    return this.db('pf_api_tokens').where({ user_id: userId }).whereNull('revoked_at').update({ revoked_at: isoNow(this.clock) });
  }

  /** Checks the password; returns the session and CSRF secrets (stored only as digests). */
  async login(userId: string, password: string): Promise<{ session: string; csrfToken: string }> {
    const user = await this.db('pf_accountants').where({ user_id: userId }).first();
    // the same answer for an unknown user and a wrong password
    if (!user || !(await verifyPassword(password, user.password_scrypt))) throw new PlatformError(PlatformErrorCode.Unauthorized, 'wrong user or password');
    const session = newSecret();
    const csrfToken = newSecret();
    const expires = new Date(this.clock.now().getTime() + SESSION_MS).toISOString();
    await this.db('pf_sessions').where('expires_at', '<', isoNow(this.clock)).delete();
    await this.db('pf_sessions').insert({ session_sha256: sha256(session), user_id: userId, csrf_sha256: sha256(csrfToken), expires_at: expires });
    return { session, csrfToken };
  }

  async logout(session: string): Promise<void> {
    await this.db('pf_sessions').where({ session_sha256: sha256(session) }).delete();
  }

  async bySession(session: string): Promise<AccountantSession | undefined> {
    const row = await this.db('pf_sessions').where({ session_sha256: sha256(session) }).andWhere('expires_at', '>', isoNow(this.clock)).first();
    return row ? { userId: row.user_id, csrfSha256: row.csrf_sha256 } : undefined;
  }

  async byToken(token: string): Promise<AccountantSession | undefined> {
    const parts = splitCredential('lsa', token);
    if (!parts) return undefined;
    const row = await this.db('pf_api_tokens').where({ token_sha256: sha256(parts.secret) }).whereNull('revoked_at').first();
    return row && row.user_id === parts.id && sameDigest(row.token_sha256, sha256(parts.secret)) ? { userId: row.user_id } : undefined;
  }

  private async requireUser(userId: string): Promise<void> {
    const user = await this.db('pf_accountants').where({ user_id: userId }).first('user_id');
    if (!user) throw new PlatformError(PlatformErrorCode.InvalidOperation, `no accountant ${userId}`);
  }
}
