import { LANGUAGES, type Language } from './shared/i18n';
import { DEFAULT_LANGUAGE } from './shared/language';
import { defaultWebAppUrl } from './seating/seating.handlers';
import { SECRET_TOKEN } from './shared/webhook-server';

export type BotConfig = {
  token: string;
  /** BOT_API_TOKEN: the bot service's credential for the API (the first of a comma-separated list). */
  apiToken: string;
  apiRoot?: string;
  apiUrl: string;
  /** BOT_APP_VERSION: this deployment's version, for feature switches per app version. */
  appVersion?: string;
  /** COMPANY_CALENDAR_REGION: the region whose holiday calendar /holidays shows by default (default `ru`). */
  calendarRegion: string;
  /** BOT_DEFAULT_LANGUAGE: replies, notifications and reminders to users who chose no language and whose Telegram client names none the bot speaks. */
  defaultLanguage: Language;
  /** BOT_SEND_RATE_PER_S: sends and edits per second of this instance (Telegram allows ~30 per bot; more with paid broadcasts). */
  sendRatePerS: number;
  /** BOT_SEND_BUDGET=shared|local (default shared): take sends from the bot's one budget in the API, shared by its instances. */
  sendBudget: 'shared' | 'local';
  /** SEATING_WEB_APP_URL: the seating plan Web App (default API_URL + /seating/app/; Telegram clients need https). */
  webAppUrl: string;
} & (
  | { mode: 'polling' }
  | {
      mode: 'webhook';
      /** The public URL Telegram posts to (https in production). */
      webhookUrl: string;
      secretToken: string;
      port: number;
      host: string;
      dropPendingUpdates: boolean;
    }
);

/**
 * The bot's configuration from the environment; every problem is reported at once.
 * TELEGRAM_BOT_TOKEN, TELEGRAM_API_ROOT (the local emulator), API_URL,
 * BOT_MODE=polling|webhook (default polling); webhook mode: BOT_WEBHOOK_URL, BOT_WEBHOOK_SECRET, BOT_PORT,
 * BOT_HOST (default 0.0.0.0), BOT_DROP_PENDING=true|false (default false), BOT_SEND_RATE_PER_S (1-1000, default 30),
 * BOT_SEND_BUDGET=shared|local (default shared), COMPANY_CALENDAR_REGION (default ru), BOT_DEFAULT_LANGUAGE (ru|en,
 * default ru), SEATING_WEB_APP_URL (default API_URL + /seating/app/).
 */
export function readBotConfig(env: NodeJS.ProcessEnv): BotConfig {
  const problems: string[] = [];
  const token = env.TELEGRAM_BOT_TOKEN ?? '';
  const apiUrl = env.API_URL ?? '';
  if (!/^\d+:[A-Za-z0-9_-]{20,}$/.test(token)) problems.push('TELEGRAM_BOT_TOKEN must be a bot token ("<digits>:<secret>")');
  if (!/^https?:\/\/[^\s]+$/.test(apiUrl)) problems.push('API_URL must be the API base URL, e.g. http://127.0.0.1:3000');
  const apiToken = (env.BOT_API_TOKEN ?? '').split(',')[0].trim();
  if (apiToken.length < 24) problems.push('BOT_API_TOKEN must be the credential the API accepts from the bot (at least 24 characters)');
  const mode = (env.BOT_MODE ?? '').trim() || 'polling';
  if (mode !== 'polling' && mode !== 'webhook') problems.push(`BOT_MODE must be "polling" or "webhook", not "${mode}"`);
  const rateText = (env.BOT_SEND_RATE_PER_S ?? '').trim() || '30';
  const sendRatePerS = Number(rateText);
  if (!/^\d+$/.test(rateText) || sendRatePerS < 1 || sendRatePerS > 1000)
    problems.push(`BOT_SEND_RATE_PER_S must be an integer from 1 to 1000 (got "${rateText}")`);
  const sendBudget = (env.BOT_SEND_BUDGET ?? '').trim() || 'shared';
  if (sendBudget !== 'shared' && sendBudget !== 'local') problems.push(`BOT_SEND_BUDGET must be "shared" or "local", not "${sendBudget}"`);
  const calendarRegion = (env.COMPANY_CALENDAR_REGION ?? '').trim() || 'ru';
  if (!/^[a-z0-9][a-z0-9_-]{0,31}$/.test(calendarRegion))
    problems.push(`COMPANY_CALENDAR_REGION must be a lower-case country code or office id (got "${calendarRegion}")`);
  const languageText = (env.BOT_DEFAULT_LANGUAGE ?? '').trim() || DEFAULT_LANGUAGE;
  if (!(LANGUAGES as readonly string[]).includes(languageText))
    problems.push(`BOT_DEFAULT_LANGUAGE must be one of ${LANGUAGES.join(', ')} (got "${languageText}")`);
  const webAppUrl = (env.SEATING_WEB_APP_URL ?? '').trim() || defaultWebAppUrl(apiUrl);
  if (env.SEATING_WEB_APP_URL?.trim() && !/^https?:\/\/[^\s#]+$/.test(webAppUrl))
    problems.push(`SEATING_WEB_APP_URL must be the Web App's http(s) URL (got "${webAppUrl}")`);
  const common = {
    webAppUrl,
    defaultLanguage: languageText as Language,
    sendRatePerS,
    sendBudget: sendBudget as 'shared' | 'local',
    calendarRegion,
    token,
    apiToken,
    apiRoot: env.TELEGRAM_API_ROOT || undefined,
    apiUrl: apiUrl.replace(/\/+$/, ''),
    appVersion: env.BOT_APP_VERSION || undefined,
  };

  if (mode === 'webhook') {
    const webhookUrl = env.BOT_WEBHOOK_URL ?? '';
    const secretToken = env.BOT_WEBHOOK_SECRET ?? '';
    const portText = env.BOT_PORT ?? '';
    const dropText = (env.BOT_DROP_PENDING ?? 'false').trim().toLowerCase();
    let url: URL | null = null;
    try {
      url = new URL(webhookUrl);
    } catch {
      /* reported below */
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
      problems.push('BOT_WEBHOOK_URL must be the public URL Telegram posts updates to, e.g. https://bot.example.com/telegram/hook');
    if (!SECRET_TOKEN.test(secretToken))
      problems.push('BOT_WEBHOOK_SECRET must be 1-256 characters A-Z, a-z, 0-9, _ or - (sent by Telegram in X-Telegram-Bot-Api-Secret-Token)');
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || !Number.isInteger(port) || port < 1 || port > 65535)
      problems.push('BOT_PORT must be the local port of the webhook server (1-65535)');
    if (dropText !== 'true' && dropText !== 'false') problems.push('BOT_DROP_PENDING must be "true" or "false"');
    if (problems.length) throw new Error(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    return { ...common, mode: 'webhook', webhookUrl, secretToken, port, host: env.BOT_HOST || '0.0.0.0', dropPendingUpdates: dropText === 'true' };
  }
  if (problems.length) throw new Error(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return { ...common, mode: 'polling' };
}
