import type { StartCalculatorOptions } from './calculator.server';

export type CalculatorConfig = Pick<StartCalculatorOptions, 'token' | 'apiRoot' | 'webhookUrl' | 'secretToken' | 'port' | 'host'> & {
  webhookUrl: string;
};

const TOKEN = /^\d+:[A-Za-z0-9_-]{20,}$/;
const SECRET = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * The calculator's configuration from the environment:
 * - TELEGRAM_BOT_TOKEN: a real bot (api.telegram.org); when unset, CALC_API_ROOT + CALC_TOKEN (the local emulator);
 * - CALC_WEBHOOK_URL: the public URL Telegram posts updates to (its path is served locally);
 * - CALC_WEBHOOK_SECRET: secret_token for setWebhook, checked on every request;
 * - CALC_PORT (default 8080), CALC_HOST (default 0.0.0.0): where the local HTTP server listens.
 * Throws one error listing every problem.
 */
export function readCalculatorConfig(env: NodeJS.ProcessEnv = process.env): CalculatorConfig {
  const problems: string[] = [];
  const realToken = env.TELEGRAM_BOT_TOKEN?.trim() || undefined;
  const token = realToken ?? (env.CALC_TOKEN?.trim() || undefined);
  const apiRoot = realToken ? undefined : env.CALC_API_ROOT?.trim() || undefined;
  if (!token) problems.push('TELEGRAM_BOT_TOKEN (or CALC_TOKEN with CALC_API_ROOT for the emulator) is required');
  else if (!TOKEN.test(token)) problems.push(`${realToken ? 'TELEGRAM_BOT_TOKEN' : 'CALC_TOKEN'} must be a bot token ("<digits>:<secret>")`);
  if (!realToken && (!apiRoot || !isHttpUrl(apiRoot))) problems.push('CALC_API_ROOT must be the emulator Bot API root, e.g. http://127.0.0.1:8081');
  const webhookUrl = env.CALC_WEBHOOK_URL?.trim() ?? '';
  if (!isHttpUrl(webhookUrl)) problems.push('CALC_WEBHOOK_URL must be the public http(s) URL of the webhook, e.g. https://calc.example.com/telegram');
  const secretToken = env.CALC_WEBHOOK_SECRET ?? '';
  if (!SECRET.test(secretToken)) problems.push('CALC_WEBHOOK_SECRET must be 1-256 characters A-Z, a-z, 0-9, _ or -');
  const portText = env.CALC_PORT?.trim() || '8080';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) problems.push('CALC_PORT must be a port number (0-65535)');
  if (problems.length) throw new Error(`Invalid calculator configuration:\n  - ${problems.join('\n  - ')}`);
  return { token: token!, apiRoot, webhookUrl, secretToken, port, host: env.CALC_HOST?.trim() || '0.0.0.0' };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
