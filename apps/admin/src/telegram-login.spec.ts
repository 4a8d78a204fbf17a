import { telegramLoginFrom } from './telegram-login';

describe("the Telegram Login Widget's settings", () => {
  it('is off without a public address, on with an https domain and the bot', () => {
    expect(telegramLoginFrom({})).toBeUndefined();
    expect(telegramLoginFrom({ TELEGRAM_BOT_USERNAME: 'MegaCorpBot' })).toBeUndefined();
    expect(telegramLoginFrom({ ADMIN_PUBLIC_URL: 'https://admin.example.com/', TELEGRAM_BOT_USERNAME: '@MegaCorpBot' })).toEqual({
      botUsername: 'MegaCorpBot',
      publicUrl: 'https://admin.example.com',
    });
  });

  it('refuses an address the widget cannot run on, and a missing or wrong bot name, saying why', () => {
    const bot = { TELEGRAM_BOT_USERNAME: 'MegaCorpBot' };
    expect(() => telegramLoginFrom({ ...bot, ADMIN_PUBLIC_URL: 'admin.example.com' })).toThrow(/ADMIN_PUBLIC_URL must be the admin site's public address/);
    expect(() => telegramLoginFrom({ ...bot, ADMIN_PUBLIC_URL: 'http://admin.example.com' })).toThrow(/https address on a domain name/);
    expect(() => telegramLoginFrom({ ...bot, ADMIN_PUBLIC_URL: 'https://10.0.0.5' })).toThrow(/https address on a domain name/);
    expect(() => telegramLoginFrom({ ...bot, ADMIN_PUBLIC_URL: 'https://localhost:3001' })).toThrow(/https address on a domain name/);
    expect(() => telegramLoginFrom({ ADMIN_PUBLIC_URL: 'https://admin.example.com' })).toThrow(/TELEGRAM_BOT_USERNAME must name the bot/);
    expect(() => telegramLoginFrom({ ADMIN_PUBLIC_URL: 'https://admin.example.com', TELEGRAM_BOT_USERNAME: 'no spaces bot' })).toThrow(
      /TELEGRAM_BOT_USERNAME must be a bot username/,
    );
  });
});
