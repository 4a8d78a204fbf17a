import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** SHA-256 of a secret (what is stored instead of it). */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

export const hmac = (key: string, value: string) => createHmac('sha256', key).update(value).digest('base64url');

/** Compares two strings in time independent of where they differ (both hashed first: lengths need not match). */
export function sameSecret(a: string, b: string): boolean {
  return sameDigest(secretDigest(a), secretDigest(b));
}

/** What sameSecret compares: a secret compared often (a configured token) is hashed once. */
export const secretDigest = (value: string): Buffer => createHash('sha256').update(value).digest();
export const sameDigest = (a: Buffer, b: Buffer): boolean => timingSafeEqual(a, b);

export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');
