import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { codeMail } from './code-mail';
import { createMailer, OutboxMailer, readOutbox, SmtpMailer } from './mailer';

describe('mail transports', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'megabot-outbox-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('without SMTP_URL: one JSON file per message in the outbox, read back newest first', async () => {
    const mailer = createMailer({ from: 'Bot <bot@example.com>', outboxDir: path.join(dir, 'outbox') });
    expect(mailer).toBeInstanceOf(OutboxMailer);
    await mailer.send(codeMail('11111111-1111-5111-8111-111111111111', 'a@example.com', '123456', 10));
    await new Promise((r) => setTimeout(r, 5));
    await mailer.send(codeMail('22222222-2222-5222-8222-222222222222', 'b@example.com', '654321', 10));
    const files = fs.readdirSync(path.join(dir, 'outbox'));
    expect(files).toHaveLength(2);
    expect(files.every((f) => f.endsWith('.json') && !f.startsWith('.'))).toBe(true); // no temporary file left behind
    const mails = await readOutbox(path.join(dir, 'outbox'));
    expect(mails.map((m) => m.to)).toEqual(['b@example.com', 'a@example.com']);
    expect(mails[0]).toMatchObject({ from: 'Bot <bot@example.com>', subject: 'Megabot: код подтверждения / verification code' });
    expect(mails[0].subject).not.toContain('654321'); // subjects show on lock screens and stay in mail logs
    expect(mails[0].text).toContain('Your code to link Telegram to your company account: 654 321');
    expect(mails[0].text).toContain('valid for 10 minutes');
  });

  it('an outbox that does not exist yet reads as empty; SMTP_URL selects SMTP', async () => {
    expect(await readOutbox(path.join(dir, 'missing'))).toEqual([]);
    const smtp = createMailer({ smtpUrl: 'smtp://127.0.0.1:2525', from: 'x@example.com', outboxDir: dir });
    expect(smtp).toBeInstanceOf(SmtpMailer);
    await smtp.close();
  });
});
