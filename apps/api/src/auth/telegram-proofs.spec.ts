import { createHash, createHmac } from 'node:crypto';
import { verifyInitData, verifyLoginWidget } from './telegram-proofs';

const TOKEN = '7012345678:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0';
const OTHER_BOT = '7099999999:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T1';
const NOW = new Date('2026-12-03T12:00:00Z');
const authDate = NOW.getTime() / 1000 - 30;

/** initData signed as Telegram does it, written here from the documentation (not with the code under test). */
function mint(fields: Record<string, string>, token = TOKEN): string {
  const check = Object.keys(fields)
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('\n');
  const secret = createHmac('sha256', 'WebAppData').update(token).digest();
  const hash = createHmac('sha256', secret).update(check).digest('hex');
  return new URLSearchParams({ ...fields, hash }).toString();
}

const user = JSON.stringify({ id: 42, first_name: 'Анна', username: 'anna', language_code: 'ru', allows_write_to_pm: true });
// Real clients send `signature` (Bot API 8.0) and theme-related fields: they are part of the checked string.
const fields = { query_id: 'AAHdF6IQAAAAAN0XohDhrOrc', user, auth_date: String(authDate), signature: 'x'.repeat(86), chat_type: 'private' };

describe('Web App initData', () => {
  it('given valid initData, when verified, then the user and the hash come back', () => {
    const r = verifyInitData(mint(fields), TOKEN, NOW, 3600);
    expect(r).toMatchObject({ ok: true, user: { id: 42, username: 'anna' }, authDate });
  });

  it('a tampered field, another bot, a missing hash, a forged hash are refused', () => {
    const good = mint(fields);
    expect(verifyInitData(good.replace('anna', 'boris'), TOKEN, NOW, 3600)).toEqual({ ok: false, reason: 'bad_hash' });
    expect(verifyInitData(good, OTHER_BOT, NOW, 3600)).toEqual({ ok: false, reason: 'bad_hash' });
    expect(verifyInitData(mint(fields, OTHER_BOT), TOKEN, NOW, 3600)).toEqual({ ok: false, reason: 'bad_hash' });
    expect(verifyInitData(good.replace(/&hash=[0-9a-f]+/, ''), TOKEN, NOW, 3600)).toEqual({ ok: false, reason: 'missing_hash' });
    expect(verifyInitData(good.replace(/hash=[0-9a-f]+/, `hash=${'0'.repeat(64)}`), TOKEN, NOW, 3600)).toEqual({ ok: false, reason: 'bad_hash' });
    expect(verifyInitData(good.replace(/&signature=[^&]+/, ''), TOKEN, NOW, 3600)).toEqual({ ok: false, reason: 'bad_hash' });
  });

  it('too old or from the future is refused; a duplicated field is malformed; no user is refused', () => {
    expect(verifyInitData(mint({ ...fields, auth_date: String(authDate - 7200) }), TOKEN, NOW, 3600)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyInitData(mint({ ...fields, auth_date: String(authDate + 3600) }), TOKEN, NOW, 3600)).toEqual({ ok: false, reason: 'from_the_future' });
    expect(verifyInitData(`${mint(fields)}&user=x`, TOKEN, NOW, 3600)).toEqual({ ok: false, reason: 'malformed' });
    const { user: _u, ...noUser } = fields;
    expect(verifyInitData(mint(noUser), TOKEN, NOW, 3600)).toEqual({ ok: false, reason: 'no_user' });
  });
});

describe('Login Widget', () => {
  const widget = (payload: Record<string, string | number>, token = TOKEN) => {
    const check = Object.keys(payload)
      .sort()
      .map((k) => `${k}=${payload[k]}`)
      .join('\n');
    return { ...payload, hash: createHmac('sha256', createHash('sha256').update(token).digest()).update(check).digest('hex') };
  };

  it('given a signed payload, the user comes back; tampered, other bot and old ones are refused', () => {
    const good = widget({ id: 42, first_name: 'Anna', username: 'anna', auth_date: authDate });
    expect(verifyLoginWidget(good, TOKEN, NOW, 86400)).toMatchObject({ ok: true, user: { id: 42, username: 'anna' } });
    expect(verifyLoginWidget({ ...good, id: 43 }, TOKEN, NOW, 86400)).toEqual({ ok: false, reason: 'bad_hash' });
    expect(verifyLoginWidget(widget({ id: 42, auth_date: authDate }, OTHER_BOT), TOKEN, NOW, 86400)).toEqual({ ok: false, reason: 'bad_hash' });
    expect(verifyLoginWidget(widget({ id: 42, auth_date: authDate - 90000 }), TOKEN, NOW, 86400)).toEqual({ ok: false, reason: 'expired' });
  });
});
