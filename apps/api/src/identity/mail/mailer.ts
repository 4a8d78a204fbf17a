import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';

export interface MailMessage {
  /** Idempotency: the event the mail answers (one file / one SMTP message per id). */
  id: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}

/** SMTP through nodemailer (`SMTP_URL`, e.g. smtp://user:pass@mail.company.com:587). */
export class SmtpMailer implements Mailer {
  readonly kind = 'smtp';
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = createTransport(url);
  }

  async send(m: MailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: `<${m.id}@megabot>` });
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

export interface OutboxEntry {
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  sentAt: string;
}

/**
 * Without SMTP_URL: one JSON file per message under `<DATA_DIR>/outbox`
 * (written to a temporary name, then renamed: a reader never sees half a
 * message), read by developers on the API's /dev/outbox page.
 */
export class OutboxMailer implements Mailer {
  readonly kind = 'outbox';

  constructor(
    readonly dir: string,
    private readonly from: string,
  ) {}

  async send(m: MailMessage): Promise<void> {
    await fs.promises.mkdir(this.dir, { recursive: true });
    const sentAt = new Date().toISOString();
    const entry: OutboxEntry = { id: m.id, from: this.from, to: m.to, subject: m.subject, text: m.text, sentAt };
    const name = `${sentAt.replace(/[:.]/g, '-')}_${m.id}.json`;
    const tmp = path.join(this.dir, `.${name}.tmp`);
    await fs.promises.writeFile(tmp, JSON.stringify(entry, null, 2));
    await fs.promises.rename(tmp, path.join(this.dir, name));
  }

  async close(): Promise<void> {}
}

/** Messages in the outbox folder, newest first. */
export async function readOutbox(dir: string, limit = 100): Promise<OutboxEntry[]> {
  let names: string[];
  try {
    names = (await fs.promises.readdir(dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  } catch {
    return [];
  }
  names.sort().reverse();
  const entries: OutboxEntry[] = [];
  for (const name of names.slice(0, limit)) {
    try {
      entries.push(JSON.parse(await fs.promises.readFile(path.join(dir, name), 'utf8')));
    } catch {
      /* a file being removed */
    }
  }
  return entries;
}

export function createMailer(options: { smtpUrl?: string; from: string; outboxDir: string }): Mailer {
  return options.smtpUrl ? new SmtpMailer(options.smtpUrl, options.from) : new OutboxMailer(options.outboxDir, options.from);
}
