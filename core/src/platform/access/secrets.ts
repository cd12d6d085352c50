import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

/** A random 256-bit secret, URL-safe (no `:`, so it can close a `prefix:id:secret` credential). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** How secrets are stored: a random 256-bit secret needs no slow hash, only one that cannot be reversed. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests, so a digest cannot be guessed byte by byte from response times. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** Passwords are chosen by people: scrypt with a per-password salt, stored as `scrypt$salt$hash`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32);
  return `scrypt$${salt.toString('hex')}$${hash.toString('hex')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const given = await scryptAsync(password, Buffer.from(salt, 'hex'), 32);
  return timingSafeEqual(given, Buffer.from(hash, 'hex'));
}

/** Splits `prefix:id:secret`; the id may itself contain `:`, the secret never does. */
export function splitCredential(prefix: string, credential: string): { id: string; secret: string } | undefined {
  if (!credential.startsWith(`${prefix}:`)) return undefined;
  const rest = credential.slice(prefix.length + 1);
  const cut = rest.lastIndexOf(':');
  if (cut <= 0 || cut === rest.length - 1) return undefined;
  return { id: rest.slice(0, cut), secret: rest.slice(cut + 1) };
}
