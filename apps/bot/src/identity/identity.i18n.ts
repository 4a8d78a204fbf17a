import { defineCatalogue, sharedMessages, translator } from '../shared/i18n';

/** Texts of identity: the e-mail verification of strangers and the notices to accounts that lost their binding. */
export const identityMessages = defineCatalogue({
  en: {
    'identity.ask_email': 'This bot is for company employees. To continue, send your <b>corporate e-mail</b> address: I will e-mail you a code.',
    'identity.code_sent':
      'If <b>{email}</b> belongs to an employee, a {digits}-digit code is on its way there. Send me the code.\n\nNo e-mail? /resend sends a new code, or send another address. /cancel starts over.',
    'identity.code_wrong': 'That code is not right. Attempts left: {left}.',
    'identity.locked': 'Too many wrong codes. Try again after {until}.',
    'identity.code_expired': 'The code has expired. Send /resend for a new one.',
    'identity.code_format': 'The code is {digits} digits. Send it as it is in the e-mail.',
    'identity.no_code': 'There is no code waiting. Send your corporate e-mail address again.',
    'identity.invalid_email': 'That does not look like an e-mail address. Send your corporate e-mail, e.g. name@company.com.',
    'identity.domain_not_allowed': 'Only corporate addresses are accepted ({domains}).',
    'identity.too_many_codes': 'Too many codes were requested. You can ask for a new one after {when}.',
    'identity.welcome': 'Welcome, {name}! Your Telegram account is now linked to your company account.',
    'identity.cancelled': 'Cancelled.',
    'identity.verify_first': 'Please confirm your corporate e-mail first: send /start to me in a private chat.',
    'identity.notice_rebound': 'Your company account was linked to another Telegram account, so this one no longer has access to the bot.',
    'identity.notice_admin': 'An administrator unlinked this Telegram account from your company account. Send /start to link it again.',
    'identity.notice_dismissed': 'Your access to the company bot has ended.',
  },
  ru: {
    'identity.ask_email': 'Этот бот — для сотрудников компании. Чтобы продолжить, пришлите ваш <b>корпоративный e-mail</b>: я отправлю на него код.',
    'identity.code_sent':
      'Если <b>{email}</b> принадлежит сотруднику, на него отправлен код из {digits} цифр. Пришлите этот код сюда.\n\nПисьма нет? /resend — новый код, или пришлите другой адрес. /cancel — начать заново.',
    'identity.code_wrong': 'Код неверный. Осталось попыток: {left}.',
    'identity.locked': 'Слишком много неверных кодов. Попробуйте снова после {until}.',
    'identity.code_expired': 'Срок действия кода истёк. Отправьте /resend, чтобы получить новый.',
    'identity.code_format': 'Код состоит из {digits} цифр. Пришлите его так, как он указан в письме.',
    'identity.no_code': 'Нет ожидающего кода. Пришлите корпоративный e-mail ещё раз.',
    'identity.invalid_email': 'Это не похоже на адрес e-mail. Пришлите корпоративный адрес, например name@company.com.',
    'identity.domain_not_allowed': 'Принимаются только корпоративные адреса ({domains}).',
    'identity.too_many_codes': 'Запрошено слишком много кодов. Новый можно будет запросить после {when}.',
    'identity.welcome': 'Добро пожаловать, {name}! Ваш Telegram привязан к корпоративному аккаунту.',
    'identity.cancelled': 'Отменено.',
    'identity.verify_first': 'Сначала подтвердите корпоративный e-mail: отправьте мне /start в личном чате.',
    'identity.notice_rebound': 'Ваш корпоративный аккаунт привязан к другому аккаунту Telegram, поэтому у этого больше нет доступа к боту.',
    'identity.notice_admin': 'Администратор отвязал этот аккаунт Telegram от вашего корпоративного аккаунта. Отправьте /start, чтобы привязать его снова.',
    'identity.notice_dismissed': 'Ваш доступ к корпоративному боту закрыт.',
  },
});

export const t = translator(sharedMessages, identityMessages);
export type IdentityMessageKey = Parameters<typeof t>[1];
