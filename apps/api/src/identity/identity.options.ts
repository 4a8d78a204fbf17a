import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { secretFrom } from '@megabot/platform';
import { resolveIdentityPolicy, type IdentityPolicy, type VerificationCodeHasher } from '@megabot/domain';

/** What the identity feature takes from the configuration (all optional: tests and `npm start` pass what they need). */
export interface IdentityApiOptions {
  allowedEmailDomains?: string[];
  codeLength?: number;
  codeTtlMinutes?: number;
  maxAttempts?: number;
  lockMinutes?: number;
  resendsPerHour?: number;
  /** HMAC key for verification codes; unset: random, kept in `<dataDir>/identity-secret`. */
  codeSecret?: string;
  /** SMTP server for the codes; unset: files in `<dataDir>/outbox`. */
  smtpUrl?: string;
  mailFrom?: string;
  /** Where the outbox (and the generated secret) live. Default ./.data */
  dataDir?: string;
  /** Codes per corporate address and rolling hour (IDENTITY_CODES_PER_EMAIL_PER_HOUR, default 5). */
  codesPerEmailPerHour?: number;
  /** Send the queued verification e-mails from this API process (default true). */
  mailer?: boolean;
}

export interface IdentitySettings {
  policy: IdentityPolicy;
  hashCode: VerificationCodeHasher;
  /** A pending code as it is kept until mailed: AES-256-GCM under a key derived from the secret (never plaintext at rest). */
  sealCode(code: string): string;
  /** The code of a sealed value; null when it was sealed under another key or altered. */
  openCode(sealed: string): string | null;
  /** A keyed hash of a normalized e-mail address (counting code requests per address without keeping addresses). */
  hashEmail(email: string): string;
  /** Codes per address and rolling hour, whichever Telegram accounts ask. */
  codesPerEmailPerHour: number;
  smtpUrl?: string;
  mailFrom: string;
  outboxDir: string;
  mailer: boolean;
}

export function identitySettings(options: IdentityApiOptions = {}): IdentitySettings {
  const dataDir = path.resolve(options.dataDir ?? '.data');
  const policy = resolveIdentityPolicy({
    ...(options.allowedEmailDomains && { allowedEmailDomains: options.allowedEmailDomains }),
    ...(options.codeLength !== undefined && { codeLength: options.codeLength }),
    ...(options.codeTtlMinutes !== undefined && { codeTtlMinutes: options.codeTtlMinutes }),
    ...(options.maxAttempts !== undefined && { maxAttempts: options.maxAttempts }),
    ...(options.lockMinutes !== undefined && { lockMinutes: options.lockMinutes }),
    ...(options.resendsPerHour !== undefined && { resendsPerHour: options.resendsPerHour }),
  });
  // Read (or created) on first use: an API that never verifies anyone leaves the data folder alone.
  let secret: string | undefined;
  // A keyed hash: the stored hash of a 6-digit code cannot be reversed by trying all codes without the key.
  const key = () => (secret ??= secretFrom(options.codeSecret, dataDir, 'identity-secret'));
  const hashCode: VerificationCodeHasher = (code, salt) => createHmac('sha256', key()).update(`${salt}|${code}`).digest('base64url');
  const sealKey = () => createHmac('sha256', key()).update('pending-code-seal').digest();
  const sealCode = (code: string) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', sealKey(), iv);
    const body = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  };
  const openCode = (sealed: string) => {
    try {
      const raw = Buffer.from(sealed, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', sealKey(), raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  };
  const hashEmail = (email: string) => createHmac('sha256', key()).update(`email|${email}`).digest('base64url');
  return {
    policy,
    hashCode,
    sealCode,
    openCode,
    hashEmail,
    codesPerEmailPerHour: options.codesPerEmailPerHour ?? 5,
    smtpUrl: options.smtpUrl,
    mailFrom: options.mailFrom ?? 'Megabot <no-reply@megabot.local>',
    outboxDir: path.join(dataDir, 'outbox'),
    mailer: options.mailer !== false,
  };
}
