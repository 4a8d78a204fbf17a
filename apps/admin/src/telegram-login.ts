/**
 * The Telegram Login Widget on the admin site's sign-in page, for deployments with a public domain: Telegram shows
 * the widget only on the domain linked to the bot (BotFather's /setdomain), so without one the page signs in through
 * the bot alone. The API verifies what the widget hands over (its hash, HMAC-SHA256 keyed with SHA-256 of the bot
 * token, and its age) and opens a session only for the active employee bound to that Telegram account; this site
 * then keeps only admins and auditors, as with every sign-in.
 */
export interface TelegramLoginOptions {
  /** The bot the widget signs in with, without "@". */
  botUsername: string;
  /** The site's public address (https, a domain name), the one linked to the bot. */
  publicUrl: string;
}

/** What the sign-in page needs to know of the site (`GET /site`). */
export interface SiteView {
  telegramLogin: { botUsername: string } | null;
}

/** From ADMIN_PUBLIC_URL and TELEGRAM_BOT_USERNAME; none without a public URL; a clear error when they are wrong. */
export function telegramLoginFrom(env: Record<string, string | undefined>): TelegramLoginOptions | undefined {
  const publicUrl = env.ADMIN_PUBLIC_URL?.trim();
  if (!publicUrl) return undefined;
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    throw new Error(`ADMIN_PUBLIC_URL must be the admin site's public address, e.g. https://admin.example.com (got "${publicUrl}")`);
  }
  // Telegram's widget runs only on the https domain linked to the bot: an IP address or localhost never gets it.
  const host = url.hostname;
  if (url.protocol !== 'https:' || !/\.[a-z]{2,}$/i.test(host) || /^[\d.]+$/.test(host)) {
    throw new Error(`ADMIN_PUBLIC_URL must be an https address on a domain name (the one linked to the bot with /setdomain), got "${publicUrl}"`);
  }
  const botUsername = env.TELEGRAM_BOT_USERNAME?.trim().replace(/^@/, '');
  if (!botUsername) throw new Error('ADMIN_PUBLIC_URL is set: TELEGRAM_BOT_USERNAME must name the bot the Login Widget signs in with');
  if (!/^[A-Za-z][A-Za-z0-9_]{3,31}$/.test(botUsername)) {
    throw new Error(`TELEGRAM_BOT_USERNAME must be a bot username such as MegaCorpBot (got "${botUsername}")`);
  }
  return { botUsername, publicUrl: url.origin };
}
