import { readCalculatorConfig } from './calculator.config';

const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345678';

describe('readCalculatorConfig', () => {
  const base = { CALC_WEBHOOK_URL: 'https://calc.example.com/telegram/hook', CALC_WEBHOOK_SECRET: 'S3cret_-x' };

  it('uses the real Telegram with TELEGRAM_BOT_TOKEN (CALC_API_ROOT is ignored then)', () => {
    expect(readCalculatorConfig({ ...base, TELEGRAM_BOT_TOKEN: TOKEN, CALC_API_ROOT: 'http://127.0.0.1:8081', CALC_PORT: '9000' })).toEqual({
      token: TOKEN,
      apiRoot: undefined,
      webhookUrl: 'https://calc.example.com/telegram/hook',
      secretToken: 'S3cret_-x',
      port: 9000,
      host: '0.0.0.0',
    });
  });

  it('falls back to the emulator with CALC_API_ROOT + CALC_TOKEN', () => {
    const config = readCalculatorConfig({ ...base, CALC_TOKEN: TOKEN, CALC_API_ROOT: 'http://127.0.0.1:8081', CALC_HOST: '127.0.0.1' });
    expect(config).toEqual(expect.objectContaining({ token: TOKEN, apiRoot: 'http://127.0.0.1:8081', port: 8080, host: '127.0.0.1' }));
  });

  it('lists every problem at once', () => {
    expect(() => readCalculatorConfig({ CALC_WEBHOOK_SECRET: 'has space', CALC_PORT: '70000' })).toThrow(
      /TELEGRAM_BOT_TOKEN[\s\S]*CALC_API_ROOT[\s\S]*CALC_WEBHOOK_URL[\s\S]*CALC_WEBHOOK_SECRET[\s\S]*CALC_PORT/,
    );
    expect(() => readCalculatorConfig({ ...base, CALC_TOKEN: 'nope', CALC_API_ROOT: 'http://x' })).toThrow(/CALC_TOKEN must be a bot token/);
    expect(() => readCalculatorConfig({ ...base, TELEGRAM_BOT_TOKEN: TOKEN, CALC_WEBHOOK_URL: 'ftp://x/y' })).toThrow(/CALC_WEBHOOK_URL/);
  });
});
