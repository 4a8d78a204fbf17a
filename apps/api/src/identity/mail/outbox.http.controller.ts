import { Controller, Get, Header, Inject } from '@nestjs/common';
import { API_OPTIONS, type ApiOptions } from '../../core/api-options';
import { Public } from '../../core/access/policy';
import { problem } from '../../core/problem';
import { ApiExcludeController } from '@nestjs/swagger';
import { IDENTITY_SETTINGS_TOKEN, type IdentitySettings } from '../identity.settings';
import { readOutbox } from './mailer';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The developer's mailbox when there is no SMTP_URL: the verification e-mails
 * written to `<DATA_DIR>/outbox`, newest first. Only while the outbox is the
 * transport (with SMTP the page says so and shows nothing). It exists in
 * local development only (`npm start`): a deployment answers 404.
 */
@ApiExcludeController()
@Public()
@Controller('dev')
export class OutboxHttpController {
  constructor(
    @Inject(IDENTITY_SETTINGS_TOKEN) private readonly settings: IdentitySettings,
    @Inject(API_OPTIONS) private readonly options: ApiOptions,
  ) {}

  private devOnly() {
    if (!this.options.auth?.devMode) throw problem(404, 'http.not_found', 'Not found');
  }

  @Get('outbox.json')
  async json() {
    this.devOnly();
    if (this.settings.smtpUrl) return { transport: 'smtp', items: [] };
    return { transport: 'outbox', items: await readOutbox(this.settings.outboxDir) };
  }

  @Get('outbox')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  async page(): Promise<string> {
    this.devOnly();
    const items = this.settings.smtpUrl ? [] : await readOutbox(this.settings.outboxDir);
    const rows = items
      .map(
        (m) => `<article class="mail">
  <header><span class="to">${esc(m.to)}</span><time datetime="${esc(m.sentAt)}">${esc(m.sentAt.replace('T', ' ').slice(0, 19))} UTC</time></header>
  <h2>${esc(m.subject)}</h2>
  <pre>${esc(m.text)}</pre>
</article>`,
      )
      .join('\n');
    const empty = this.settings.smtpUrl
      ? '<p class="empty">SMTP_URL is set: e-mails go to the SMTP server, not to this outbox.</p>'
      : '<p class="empty">No e-mails yet. Ask the bot for a code, then reload.</p>';
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Megabot dev outbox</title>
<link rel="icon" href="data:,">
<meta http-equiv="refresh" content="5">
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2129}
main{max-width:760px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px} .hint{color:#5c6370;margin:0 0 20px}
.mail{background:#fff;border-radius:10px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:14px 18px;margin-bottom:14px}
.mail header{display:flex;justify-content:space-between;color:#5c6370;font-size:13px}
.mail h2{font-size:16px;margin:6px 0} pre{white-space:pre-wrap;font:14px/1.5 ui-monospace,monospace;margin:0}
.empty{color:#5c6370}
</style></head>
<body><main>
<h1>Dev outbox</h1>
<p class="hint">Verification e-mails of this machine (no SMTP_URL), newest first, from <code>${esc(this.settings.outboxDir)}</code>. The page reloads every 5 s.</p>
${rows || empty}
</main></body></html>`;
  }
}
