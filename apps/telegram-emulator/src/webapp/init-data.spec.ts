import { createHmac, createPublicKey, verify } from 'node:crypto';
import { InitDataSigner } from './init-data';

const TOKEN = '7012345678:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0';

/**
 * Independent check written from Telegram's documentation (not the emulator's validator):
 * secret_key = HMAC_SHA256(<bot_token>, "WebAppData"); hash = hex(HMAC_SHA256(data_check_string, secret_key)).
 */
function telegramHashIsValid(initData: string, botToken: string): boolean {
  const pairs = initData.split('&').map((kv) => {
    const i = kv.indexOf('=');
    return [decodeURIComponent(kv.slice(0, i)), decodeURIComponent(kv.slice(i + 1))] as const;
  });
  const hash = pairs.find(([k]) => k === 'hash')?.[1];
  const dataCheckString = pairs
    .filter(([k]) => k !== 'hash')
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
  const secretKey = createHmac('sha256', 'WebAppData').update(botToken).digest();
  return createHmac('sha256', secretKey).update(dataCheckString).digest('hex') === hash;
}

/** Third-party validation (Bot API 8.0): Ed25519 over "<bot_id>:WebAppData\n" + sorted fields without hash/signature. */
function telegramSignatureIsValid(initData: string, botId: number, publicKeyHex: string): boolean {
  const params = new URLSearchParams(initData);
  const signature = params.get('signature') ?? '';
  const lines = [...params.entries()]
    .filter(([k]) => k !== 'hash' && k !== 'signature')
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`);
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKeyHex, 'hex').toString('base64url') }, format: 'jwk' });
  return verify(null, Buffer.from(`${botId}:WebAppData\n${lines.join('\n')}`), key, Buffer.from(signature, 'base64url'));
}

describe('Web App initData', () => {
  const signer = new InitDataSigner(TOKEN, 7012345678);
  const minted = signer.mint({
    user: { id: 42, first_name: 'Анна', last_name: 'Иванова', username: 'anna', language_code: 'ru' },
    authDate: 1_700_000_000,
    queryId: 'AAHdF6IQAAAAAN0XohDhrOrc',
    chatType: 'private',
    chatInstance: '-8811720735384446011',
  });

  it("has Telegram's fields, in Telegram's order", () => {
    const keys = [...new URLSearchParams(minted.initData).keys()];
    expect(keys).toEqual(['query_id', 'user', 'chat_instance', 'chat_type', 'auth_date', 'signature', 'hash']);
    const user = JSON.parse(new URLSearchParams(minted.initData).get('user')!);
    expect(user).toEqual({ id: 42, first_name: 'Анна', last_name: 'Иванова', username: 'anna', language_code: 'ru', allows_write_to_pm: true });
    expect(minted.fields.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(minted.fields.signature).toMatch(/^[A-Za-z0-9_-]{86}$/); // 64 bytes base64url without padding
  });

  it('hash verifies with an independent HMAC implementation, and signature is part of the check string', () => {
    expect(telegramHashIsValid(minted.initData, TOKEN)).toBe(true);
    expect(telegramHashIsValid(minted.initData, TOKEN.replace('AAH', 'AAG'))).toBe(false);
    const tampered = minted.initData.replace('auth_date=1700000000', 'auth_date=1700000001');
    expect(telegramHashIsValid(tampered, TOKEN)).toBe(false);
    const withoutSignature = minted.initData.replace(/&signature=[^&]+/, '');
    expect(telegramHashIsValid(withoutSignature, TOKEN)).toBe(false);
  });

  it('signature verifies with the exposed Ed25519 public key', () => {
    expect(signer.publicKeyHex).toMatch(/^[0-9a-f]{64}$/);
    expect(telegramSignatureIsValid(minted.initData, 7012345678, signer.publicKeyHex)).toBe(true);
    expect(telegramSignatureIsValid(minted.initData, 7012345679, signer.publicKeyHex)).toBe(false);
    const other = new InitDataSigner(TOKEN, 7012345678);
    expect(telegramSignatureIsValid(minted.initData, 7012345678, other.publicKeyHex)).toBe(false);
  });

  it("the emulator's own validator agrees", () => {
    expect(signer.validate(minted.initData)).toEqual(expect.objectContaining({ ok: true, hashValid: true, signatureValid: true }));
    expect(signer.validate(minted.initData.replace('query_id=AAH', 'query_id=AAX')).ok).toBe(false);
  });
});
