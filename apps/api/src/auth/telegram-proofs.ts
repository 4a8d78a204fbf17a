import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Proofs that Telegram vouches for a user, checked as Telegram documents them
 * (core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app,
 * core.telegram.org/widgets/login#checking-authorization). Pure: the bot token
 * and the clock are arguments.
 */

export interface TelegramUser {
  id: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export type ProofResult =
  | { ok: true; user: TelegramUser; authDate: number; hash: string }
  | { ok: false; reason: 'malformed' | 'missing_hash' | 'bad_hash' | 'expired' | 'from_the_future' | 'no_user' };

/** Web App `initData`: HMAC-SHA256 keyed with HMAC-SHA256("WebAppData", bot token) over the sorted fields but `hash`. */
export function verifyInitData(initData: string, botToken: string, now: Date, maxAgeSeconds: number): ProofResult {
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(initData);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const fields = [...params.entries()];
  if (new Set(fields.map(([k]) => k)).size !== fields.length) return { ok: false, reason: 'malformed' };
  const secret = createHmac('sha256', 'WebAppData').update(botToken).digest();
  const checked = check(fields, secret, now, maxAgeSeconds);
  if (!checked.ok) return checked;
  let user: TelegramUser;
  try {
    user = JSON.parse(params.get('user') ?? '');
  } catch {
    return { ok: false, reason: 'no_user' };
  }
  if (!user || !Number.isSafeInteger(user.id) || user.id <= 0) return { ok: false, reason: 'no_user' };
  return { ...checked, user };
}

/** Login Widget payload: HMAC-SHA256 keyed with SHA-256(bot token) over the sorted fields but `hash`. */
export function verifyLoginWidget(payload: Record<string, string | number>, botToken: string, now: Date, maxAgeSeconds: number): ProofResult {
  const fields = Object.entries(payload).map(([k, v]) => [k, String(v)] as [string, string]);
  const secret = createHash('sha256').update(botToken).digest();
  const checked = check(fields, secret, now, maxAgeSeconds);
  if (!checked.ok) return checked;
  const id = Number(payload.id);
  if (!Number.isSafeInteger(id) || id <= 0) return { ok: false, reason: 'no_user' };
  const text = (k: string) => (payload[k] === undefined ? undefined : String(payload[k]));
  return { ...checked, user: { id, first_name: text('first_name'), last_name: text('last_name'), username: text('username') } };
}

function check(
  fields: [string, string][],
  secret: Buffer,
  now: Date,
  maxAgeSeconds: number,
): { ok: true; authDate: number; hash: string; user: TelegramUser } | ProofResult {
  const hash = fields.find(([k]) => k === 'hash')?.[1];
  if (!hash) return { ok: false, reason: 'missing_hash' };
  if (!/^[0-9a-f]{64}$/.test(hash)) return { ok: false, reason: 'bad_hash' };
  const dataCheckString = fields
    .filter(([k]) => k !== 'hash')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
  const expected = createHmac('sha256', secret).update(dataCheckString).digest();
  if (!timingSafeEqual(expected, Buffer.from(hash, 'hex'))) return { ok: false, reason: 'bad_hash' };
  const authDate = Number(fields.find(([k]) => k === 'auth_date')?.[1]);
  if (!Number.isSafeInteger(authDate)) return { ok: false, reason: 'malformed' };
  const age = now.getTime() / 1000 - authDate;
  if (age > maxAgeSeconds) return { ok: false, reason: 'expired' };
  if (age < -60) return { ok: false, reason: 'from_the_future' };
  return { ok: true, authDate, hash, user: { id: 0 } };
}
