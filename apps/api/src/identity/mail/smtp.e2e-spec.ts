import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { startTestSystem, type TestSystem } from '../../../../../tools/testing/test-system';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** The verification e-mail through a real SMTP server (smtp-server) started by the test. */
describe('verification codes over SMTP', () => {
  let smtp: SMTPServer;
  let system: TestSystem;
  let dataDir: string;
  const received: Received[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'megabot-smtp-'));
    system = await startTestSystem(
      {
        adminEmployeeIds: ['e-root'],
        identity: { allowedEmailDomains: ['corp.example.org'], dataDir, smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: 'Megabot <bot@corp.example.org>' },
      },
      { processManagers: true },
    );
  });
  afterAll(async () => {
    await system.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends the code to the employee once; the code from the message verifies', async () => {
    const http = request(system.apiUrl);
    await http
      .post('/identity/employees')
      .set(await system.token('e-root')) // the bootstrap admin, with a personal access token
      .send({ employeeId: 'e-vera', fullName: 'Vera K', email: 'vera@corp.example.org', department: 'Ops', position: 'SRE', office: 'HQ' })
      .expect(201);
    // the bot asks for the Telegram account it acts for (X-Telegram-User-Id)
    await http.post('/identity/verification/code').set(system.bot(555001)).send({ email: 'vera@corp.example.org' }).expect(200);
    for (let i = 0; i < 200 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail.to).toEqual(['vera@corp.example.org']);
    expect(mail.from).toBe('bot@corp.example.org');
    const subject = (/^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(mail.raw)?.[1] ?? '').replace(/\r?\n[ \t]+/g, ' ');
    expect(decodeHeader(subject)).toBe('Megabot: код подтверждения / verification code'); // no code in the subject
    const spaced = /Your code to link Telegram to your company account: (\d{3} \d{3})/.exec(bodyText(mail.raw))?.[1];
    expect(spaced).toMatch(/^\d{3} \d{3}$/);
    const code = spaced!.replace(' ', '');
    const ok = await http.post('/identity/verification/submit').set(system.bot(555001)).send({ code }).expect(200);
    expect(ok.body.outcome).toBe('verified');
    // nothing else went out (no second send, no mail for a decoy)
    await http.post('/identity/verification/code').set(system.bot(555002)).send({ email: 'ghost@corp.example.org' }).expect(200);
    await new Promise((r) => setTimeout(r, 800));
    expect(received).toHaveLength(1);
    // sent once, and the code left the database with it
    const queue = await system.ds.query(`SELECT recipient, transport, body, subject FROM identity_ops.mail_queue`);
    expect(queue).toEqual([{ recipient: 'vera@corp.example.org', transport: 'smtp', body: null, subject: 'Megabot: код подтверждения / verification code' }]);
    expect(await system.ds.query(`SELECT sealed_code FROM identity_ops.pending_codes WHERE telegram_user_id = 555001`)).toEqual([]);
  });
});

/** RFC 2047 encoded-words (nodemailer encodes the Cyrillic subject). */
function decodeHeader(value: string): string {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

/** The text body of a single-part message (quoted-printable or base64). */
function bodyText(raw: string): string {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const encoding = /^Content-Transfer-Encoding: (\S+)/im.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}
