import { createHmac } from 'node:crypto';
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
  /** Send the queued verification e-mails from this API process (default true). */
  mailer?: boolean;
}

export interface IdentitySettings {
  policy: IdentityPolicy;
  hashCode: VerificationCodeHasher;
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
  const hashCode: VerificationCodeHasher = (code, salt) =>
    createHmac('sha256', (secret ??= secretFrom(options.codeSecret, dataDir, 'identity-secret')))
      .update(`${salt}|${code}`)
      .digest('base64url');
  return {
    policy,
    hashCode,
    smtpUrl: options.smtpUrl,
    mailFrom: options.mailFrom ?? 'Megabot <no-reply@megabot.local>',
    outboxDir: path.join(dataDir, 'outbox'),
    mailer: options.mailer !== false,
  };
}
