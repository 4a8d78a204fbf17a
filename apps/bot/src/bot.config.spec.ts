import { readBotConfig } from './bot.config';

const API_TOKEN = 'b'.repeat(32);
const BASE = { TELEGRAM_BOT_TOKEN: '123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', API_URL: 'http://127.0.0.1:3000/', BOT_API_TOKEN: API_TOKEN };
const WEBHOOK = { ...BASE, BOT_MODE: 'webhook', BOT_WEBHOOK_URL: 'https://bot.example.com/telegram/hook', BOT_WEBHOOK_SECRET: 's3cret_-X', BOT_PORT: '8443' };

describe('readBotConfig', () => {
  it('polling by default', () => {
    expect(readBotConfig(BASE)).toEqual({
      mode: 'polling',
      token: BASE.TELEGRAM_BOT_TOKEN,
      apiToken: API_TOKEN,
      apiUrl: 'http://127.0.0.1:3000',
      apiRoot: undefined,
      sendRatePerS: 30,
      sendBudget: 'shared',
      calendarRegion: 'ru',
      defaultLanguage: 'ru',
      webAppUrl: 'http://127.0.0.1:3000/seating/app/',
    });
  });

  it("SEATING_WEB_APP_URL names where the seating plan Web App is served (default: the API's page)", () => {
    expect(readBotConfig({ ...BASE, SEATING_WEB_APP_URL: 'https://office.example.com/seating/app/' }).webAppUrl).toBe(
      'https://office.example.com/seating/app/',
    );
    expect(() => readBotConfig({ ...BASE, SEATING_WEB_APP_URL: 'office.example.com' })).toThrow(/SEATING_WEB_APP_URL must be the Web App's http\(s\) URL/);
  });

  it('COMPANY_CALENDAR_REGION names the default region of /holidays', () => {
    expect(readBotConfig({ ...BASE, COMPANY_CALENDAR_REGION: 'spb-office' }).calendarRegion).toBe('spb-office');
    expect(() => readBotConfig({ ...BASE, COMPANY_CALENDAR_REGION: 'Saint Petersburg' })).toThrow(/COMPANY_CALENDAR_REGION must be/);
  });

  it('the default language (for users who chose none and whose Telegram client names none the bot speaks) is validated', () => {
    expect(readBotConfig({ ...BASE, BOT_DEFAULT_LANGUAGE: 'en' })).toMatchObject({ defaultLanguage: 'en' });
    expect(() => readBotConfig({ ...BASE, BOT_DEFAULT_LANGUAGE: 'de' })).toThrow(/BOT_DEFAULT_LANGUAGE must be one of ru, en \(got "de"\)/);
  });

  it("the bot's API credential is required; during a rotation (a comma-separated list) the bot sends the first", () => {
    expect(readBotConfig({ ...BASE, BOT_API_TOKEN: ` ${'n'.repeat(24)}, ${API_TOKEN}` }).apiToken).toBe('n'.repeat(24));
    expect(() => readBotConfig({ ...BASE, BOT_API_TOKEN: undefined })).toThrow(/BOT_API_TOKEN must be the credential the API accepts from the bot/);
    expect(() => readBotConfig({ ...BASE, BOT_API_TOKEN: 'short' })).toThrow(/BOT_API_TOKEN must be .*at least 24 characters/);
  });

  it('the send rate is configurable and validated', () => {
    expect(readBotConfig({ ...BASE, BOT_SEND_RATE_PER_S: '300' })).toMatchObject({ sendRatePerS: 300 });
    expect(() => readBotConfig({ ...BASE, BOT_SEND_RATE_PER_S: '0' })).toThrow(/BOT_SEND_RATE_PER_S must be an integer from 1 to 1000 \(got "0"\)/);
  });

  it('the send budget is shared by default, or local; anything else is refused', () => {
    expect(readBotConfig({ ...BASE, BOT_SEND_BUDGET: 'local' })).toMatchObject({ sendBudget: 'local' });
    expect(() => readBotConfig({ ...BASE, BOT_SEND_BUDGET: 'redis' })).toThrow(/BOT_SEND_BUDGET must be "shared" or "local", not "redis"/);
  });

  it('webhook mode with its settings', () => {
    expect(readBotConfig({ ...WEBHOOK, BOT_DROP_PENDING: 'true' })).toMatchObject({
      mode: 'webhook',
      webhookUrl: 'https://bot.example.com/telegram/hook',
      secretToken: 's3cret_-X',
      port: 8443,
      host: '0.0.0.0',
      dropPendingUpdates: true,
    });
    expect(readBotConfig(WEBHOOK)).toMatchObject({ dropPendingUpdates: false });
  });

  it('reports every problem at once, with what is expected', () => {
    expect(() =>
      readBotConfig({
        BOT_MODE: 'webhook',
        BOT_WEBHOOK_URL: 'bot.example.com',
        BOT_WEBHOOK_SECRET: 'no spaces allowed',
        BOT_PORT: '70000',
        BOT_DROP_PENDING: 'yes',
      }),
    ).toThrow(
      /TELEGRAM_BOT_TOKEN[\s\S]*API_URL[\s\S]*BOT_API_TOKEN[\s\S]*BOT_WEBHOOK_URL must be the public URL[\s\S]*BOT_WEBHOOK_SECRET must be 1-256[\s\S]*BOT_PORT must be[\s\S]*BOT_DROP_PENDING must be "true" or "false"/,
    );
    expect(() => readBotConfig({ ...BASE, BOT_MODE: 'webhook' })).toThrow(/BOT_WEBHOOK_URL[\s\S]*BOT_WEBHOOK_SECRET[\s\S]*BOT_PORT/);
    expect(() => readBotConfig({ ...BASE, BOT_MODE: 'hook' })).toThrow(/BOT_MODE must be "polling" or "webhook", not "hook"/);
  });

  it('polling mode ignores the webhook settings', () => {
    expect(readBotConfig({ ...BASE, BOT_MODE: 'polling', BOT_PORT: 'x' }).mode).toBe('polling');
  });
});
