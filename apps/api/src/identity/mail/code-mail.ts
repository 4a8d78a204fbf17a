import type { MailMessage } from './mailer';

/** The verification e-mail (both languages: the bot does not know the reader's language at this point). */
export function codeMail(id: string, to: string, code: string, ttlMinutes: number): MailMessage {
  const spaced = code.replace(/(\d{3})(?=\d)/g, '$1 ');
  return {
    id,
    to,
    // Not in the subject: subjects show on lock screens and stay in mail logs.
    subject: 'Megabot: код подтверждения / verification code',
    text: [
      `Ваш код для привязки Telegram к корпоративному аккаунту: ${spaced}`,
      `Код действует ${ttlMinutes} мин. Если вы не запрашивали код, просто проигнорируйте это письмо.`,
      '',
      `Your code to link Telegram to your company account: ${spaced}`,
      `It is valid for ${ttlMinutes} minutes. If you did not ask for it, ignore this e-mail.`,
    ].join('\n'),
  };
}
