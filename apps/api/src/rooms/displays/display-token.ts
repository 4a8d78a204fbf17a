import { createHash, randomBytes } from 'node:crypto';

/**
 * Display tokens: `rd_` + 32 random bytes (base64url, 43 characters) - 256
 * bits, so guessing is hopeless and the per-IP limit on failures only keeps
 * floods off the database. Only the SHA-256 is stored: a plain hash is
 * enough for a random secret of this size (no dictionary to try), and it
 * lets the endpoint find the display with one lookup.
 */
export const TOKEN_PREFIX = 'rd_';
const TOKEN_RE = /^rd_[A-Za-z0-9_-]{43}$/;

export function newDisplayToken(): { token: string; hash: string; hint: string } {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashDisplayToken(token), hint: token.slice(-4) };
}

export const hashDisplayToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** The token of `Authorization: Bearer <token>`, or null when the header is missing or cannot be one of ours (then nothing is hashed or looked up). */
export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value || value.length > 200) return null;
  const m = /^Bearer +(\S+)\s*$/i.exec(value);
  return m && TOKEN_RE.test(m[1]) ? m[1] : null;
}
