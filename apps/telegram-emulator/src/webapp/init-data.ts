import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, timingSafeEqual, verify } from 'node:crypto';

/** Public Ed25519 keys Telegram itself uses for initData `signature` (Bot API 8.0), for reference in docs/UI. */
export const TELEGRAM_PUBLIC_KEYS = {
  production: 'e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d',
  test: '40055058a4ee38156a06562e52eece92a771bcd8346a8c4615cb7376eddf72ec',
};

export interface WebAppUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: true;
  allows_write_to_pm?: true;
  photo_url?: string;
}

export interface MintInitDataInput {
  user: WebAppUser;
  authDate: number;
  queryId?: string;
  chatType?: string;
  chatInstance?: string;
  startParam?: string;
}

export interface MintedInitData {
  /** The query string a Mini App receives as Telegram.WebApp.initData. */
  initData: string;
  /** The decoded fields, including signature and hash. */
  fields: Record<string, string>;
}

/** data_check_string: `key=value` lines of the given fields (without the excluded ones) sorted by key. */
export function dataCheckString(fields: Record<string, string>, exclude: readonly string[]): string {
  return Object.keys(fields)
    .filter((k) => !exclude.includes(k))
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('\n');
}

/** secret_key = HMAC-SHA256(key = "WebAppData", message = bot_token). */
export const webAppSecretKey = (botToken: string): Buffer => createHmac('sha256', 'WebAppData').update(botToken).digest();

/**
 * Mints Web App initData exactly like Telegram:
 *  - `signature` = Ed25519 over "<bot_id>:WebAppData\n" + data_check_string(without hash and signature), base64url;
 *    signed with the emulator's key pair (real Telegram signs with its own key, see TELEGRAM_PUBLIC_KEYS);
 *  - `hash` = hex HMAC-SHA256(key = secret_key, data_check_string(all fields but hash, i.e. including signature)).
 */
export class InitDataSigner {
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** Raw 32-byte Ed25519 public key, hex (the format Telegram publishes its keys in). */
  readonly publicKeyHex: string;

  constructor(
    private readonly botToken: string,
    private readonly botId: number,
    privateKeyPem?: string,
  ) {
    if (privateKeyPem) {
      this.privateKey = createPrivateKey(privateKeyPem);
      this.publicKey = createPublicKey(this.privateKey);
    } else {
      const pair = generateKeyPairSync('ed25519');
      this.privateKey = pair.privateKey;
      this.publicKey = pair.publicKey;
    }
    const jwk = this.publicKey.export({ format: 'jwk' });
    this.publicKeyHex = Buffer.from(String(jwk.x), 'base64url').toString('hex');
  }

  get publicKeyPem(): string {
    return String(this.publicKey.export({ format: 'pem', type: 'spki' }));
  }

  mint(input: MintInitDataInput): MintedInitData {
    const ordered: Array<[string, string]> = [];
    if (input.queryId) ordered.push(['query_id', input.queryId]);
    ordered.push(['user', JSON.stringify(compactUser(input.user))]);
    if (input.chatInstance) ordered.push(['chat_instance', input.chatInstance]);
    if (input.chatType) ordered.push(['chat_type', input.chatType]);
    if (input.startParam) ordered.push(['start_param', input.startParam]);
    ordered.push(['auth_date', String(input.authDate)]);
    const fields: Record<string, string> = Object.fromEntries(ordered);
    const toSign = `${this.botId}:WebAppData\n${dataCheckString(fields, ['hash', 'signature'])}`;
    fields.signature = sign(null, Buffer.from(toSign), this.privateKey).toString('base64url');
    fields.hash = createHmac('sha256', webAppSecretKey(this.botToken))
      .update(dataCheckString(fields, ['hash']))
      .digest('hex');
    ordered.push(['signature', fields.signature], ['hash', fields.hash]);
    const initData = ordered.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
    return { initData, fields };
  }

  /** The emulator's own check (used by the dev chat's web app panel); tests verify with an independent implementation. */
  validate(initData: string): { ok: boolean; hashValid: boolean; signatureValid: boolean; fields: Record<string, string> } {
    const fields = Object.fromEntries(new URLSearchParams(initData));
    const expected = createHmac('sha256', webAppSecretKey(this.botToken))
      .update(dataCheckString(fields, ['hash']))
      .digest();
    const given = Buffer.from(fields.hash ?? '', 'hex');
    const hashValid = given.length === expected.length && timingSafeEqual(given, expected);
    let signatureValid = false;
    if (fields.signature) {
      const toVerify = `${this.botId}:WebAppData\n${dataCheckString(fields, ['hash', 'signature'])}`;
      signatureValid = verify(null, Buffer.from(toVerify), this.publicKey, Buffer.from(fields.signature, 'base64url'));
    }
    return { ok: hashValid && signatureValid, hashValid, signatureValid, fields };
  }
}

function compactUser(user: WebAppUser): WebAppUser {
  const result: WebAppUser = { id: user.id, first_name: user.first_name };
  if (user.last_name) result.last_name = user.last_name;
  if (user.username) result.username = user.username;
  if (user.language_code) result.language_code = user.language_code;
  if (user.is_premium) result.is_premium = true;
  result.allows_write_to_pm = true;
  if (user.photo_url) result.photo_url = user.photo_url;
  return result;
}
