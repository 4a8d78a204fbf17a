import { startEmulator } from '../../apps/telegram-emulator/src';
import { startBotProcess } from '../lib/bots';
import { stop } from '../lib/processes';
import { drainWebhook } from '../lib/webhook';
import type { ProbeContext, ProbeFigures } from './probe';

/** One raw webhook request: a label and its body (a string is sent as is, anything else as JSON). */
export interface RawUpdate {
  label: string;
  body: unknown;
  contentType?: string;
}

/**
 * Raw Telegram updates no Bot API sends: not JSON, not an update, wrong types, missing fields, unknown kinds, huge and
 * deeply nested ones, text PostgreSQL cannot store. `from` is a bound employee's account and `chat` a chat the bot
 * knows (the malformation, not the stranger, is what is tried); `nextId` numbers the updates (so none is dropped as
 * already claimed).
 */
export function malformedUpdates(from: number, nextId: () => number): RawUpdate[] {
  const user = { id: from, is_bot: false, first_name: 'M' };
  const chat = { id: from, type: 'private' };
  const msg = (extra: Record<string, unknown>) => ({ message_id: 1, date: 1767000000, from: user, chat, text: '/start', ...extra });
  const update = (label: string, fields: Record<string, unknown>): RawUpdate => ({ label, body: { update_id: nextId(), ...fields } });
  const without = (o: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));
  const press = (extra: Record<string, unknown>) => ({
    id: `cb${nextId()}`,
    from: user,
    chat_instance: '1',
    data: 'a:l',
    message: msg({ text: 'x' }),
    ...extra,
  });
  return [
    { label: 'empty body', body: '' },
    { label: 'not JSON', body: 'update_id=1' },
    { label: 'JSON null', body: 'null' },
    { label: 'JSON array', body: '[{"update_id":1}]' },
    { label: 'JSON string', body: '"update"' },
    { label: 'JSON with a BOM', body: '\ufeff{"update_id":1}' },
    { label: 'truncated JSON', body: '{"update_id":1,"message":{' },
    { label: 'no update_id', body: { message: msg({}) } },
    { label: 'update_id a string', body: { update_id: '7', message: msg({}) } },
    { label: 'update_id fractional', body: { update_id: 1.5, message: msg({}) } },
    { label: 'update_id 1e300', body: { update_id: 1e300, message: msg({}) } },
    update('no content at all', {}),
    update('unknown update kind', { sticker_set: { name: 'x' } }),
    update('kind not allowed: edited_message', { edited_message: msg({}) }),
    update('kind not allowed: inline_query', { inline_query: { id: '1', from: user, query: 'x', offset: '' } }),
    update('message null', { message: null }),
    update('message a string', { message: '/start' }),
    update('message an array', { message: [msg({})] }),
    update('message empty object', { message: {} }),
    update('message without chat', { message: without(msg({}), 'chat') }),
    update('message without from', { message: without(msg({}), 'from') }),
    update('message without date', { message: without(msg({}), 'date') }),
    update('chat null', { message: msg({ chat: null }) }),
    update('chat id a string', { message: msg({ chat: { id: 'x', type: 'private' } }) }),
    update('chat id 1e300', { message: msg({ chat: { id: 1e300, type: 'private' } }) }),
    update('chat of nobody', { message: msg({ chat: { id: 4_000_000_001, type: 'private' } }) }),
    update('from id a string', { message: msg({ from: { ...user, id: 'me' } }) }),
    update('from id negative', { message: msg({ from: { ...user, id: -5 } }) }),
    update('from id 2^60', { message: msg({ from: { ...user, id: 2 ** 60 } }) }),
    update('from a string', { message: msg({ from: 'me' }) }),
    update('language_code odd', { message: msg({ from: { ...user, language_code: '\u0000\ud800' } }) }),
    update('text a number', { message: msg({ text: 42 }) }),
    update('text an object', { message: msg({ text: { toString: 'x' } }) }),
    update('text an array', { message: msg({ text: ['/start'] }) }),
    update('text null', { message: msg({ text: null }) }),
    update('text empty', { message: msg({ text: '' }) }),
    update('text with NUL and a lone surrogate', { message: msg({ text: 'a\u0000b\ud800c' }) }),
    update('text 200 kB', { message: msg({ text: '/lots ' + 'я'.repeat(100_000) }) }),
    update('command 64 kB long', { message: msg({ text: '/' + 'a'.repeat(65_536) }) }),
    update('entities a string', { message: msg({ entities: 'bot_command' }) }),
    update('entities past the text', { message: msg({ entities: [{ type: 'bot_command', offset: 100, length: 9 }] }) }),
    update('entities of null', { message: msg({ entities: [null] }) }),
    update('entity negative', { message: msg({ entities: [{ type: 'bot_command', offset: -3, length: -1 }] }) }),
    update('contact empty', { message: msg({ text: undefined, contact: {} }) }),
    update('contact of a number', { message: msg({ text: undefined, contact: { phone_number: 79990001122, first_name: 'M', user_id: from } }) }),
    update('contact of another user', { message: msg({ text: undefined, contact: { phone_number: '+79990001122', first_name: 'M', user_id: 1 } }) }),
    update('location only', { message: msg({ text: undefined, location: { latitude: 'x', longitude: null } }) }),
    update('photo of junk', { message: msg({ text: undefined, photo: 'x' }) }),
    update('reply_to_message a loop-like nest', { message: msg({ reply_to_message: msg({ reply_to_message: msg({ reply_to_message: 'x' }) }) }) }),
    // a raw string: JSON.stringify itself overflows the stack on it
    {
      label: 'text nested 50,000 deep',
      body: JSON.stringify({ update_id: nextId(), message: msg({ text: 0 }) }).replace('"text":0', `"text":${'['.repeat(50_000)}${']'.repeat(50_000)}`),
    },
    update('unknown fields 1,000', { message: msg(Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`f${i}`, i]))) }),
    update('__proto__ field', {
      message: JSON.parse(
        `{"message_id":1,"date":1,"chat":{"id":${from},"type":"private"},"from":{"id":${from},"first_name":"M"},"text":"/start","__proto__":{"admin":true}}`,
      ) as unknown,
    }),
    update('callback without message', { callback_query: without(press({}), 'message') }),
    update('callback without from', { callback_query: without(press({}), 'from') }),
    update('callback without id', { callback_query: without(press({}), 'id') }),
    update('callback data a number', { callback_query: press({ data: 7 }) }),
    update('callback data missing', { callback_query: without(press({}), 'data') }),
    update('callback data 10 kB', { callback_query: press({ data: 'a:b:'.repeat(2500) }) }),
    update('callback bid on no lot', { callback_query: press({ data: 'a:b:no-such-lot:1' }) }),
    update('callback bid of -1e308', { callback_query: press({ data: 'a:b:lot:-1e308' }) }),
    update('callback message empty', { callback_query: press({ message: {} }) }),
    update('callback message of nobody', { callback_query: press({ message: msg({ chat: { id: 4_000_000_002, type: 'private' }, message_id: 99_999 }) }) }),
    update('callback null', { callback_query: null }),
    update('my_chat_member empty', { my_chat_member: {} }),
    update('my_chat_member without new member', { my_chat_member: { chat, from: user, date: 1, old_chat_member: { user, status: 'member' } } }),
    update('my_chat_member status odd', {
      my_chat_member: {
        chat: { id: -100123, type: 'supergroup', title: 'x' },
        from: user,
        date: 1,
        old_chat_member: { user, status: 'left' },
        new_chat_member: { user, status: 'overlord' },
      },
    }),
    update('two kinds in one update', { message: msg({}), callback_query: press({}) }),
    { label: 'body over 1 MiB', body: { update_id: nextId(), message: msg({ text: 'x'.repeat(1_100_000) }) } },
    { label: 'text/plain content type', body: JSON.stringify({ update_id: nextId(), message: msg({}) }), contentType: 'text/plain' },
  ];
}

/**
 * Malformed raw updates posted to the real bot's webhook (with the secret header): each must be refused with a 4xx or
 * acknowledged and ignored, never a 5xx, a dropped connection or a crash; afterwards the bot still answers a real
 * update. Counted per answer class (and the updates the bot dropped as malformed), with the label of every 5xx.
 */
export async function malformedUpdatesProbe(opts: ProbeContext): Promise<ProbeFigures> {
  const emu = await startEmulator({ port: 0, rateLimits: { enabled: false } });
  const userId = 830_000_001;
  emu.control.createUsers([{ id: userId, first_name: 'Mal', language_code: 'en' }], { seeded: true });
  await opts.actors.hire(opts.store, opts.apiUrl, [{ employeeId: `tg-${userId}`, telegramUserId: userId }]);
  const secret = 'reliability_malformed';
  const bot = await startBotProcess({ dist: opts.dist, emu, apiUrl: opts.apiUrl, apiToken: opts.actors.botToken, secret, log: true });
  let id = 960_000_000;
  const updates = malformedUpdates(userId, () => id++);
  const result = {
    sent: updates.length,
    byStatusClass: {} as Record<string, number>,
    serverErrors: 0,
    noAnswer: 0,
    faults: [] as string[],
    answersAfter: false,
  };
  let crashed: boolean;
  try {
    for (const u of updates) {
      const status = await fetch(bot.hookUrl, {
        method: 'POST',
        headers: { 'content-type': u.contentType ?? 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: typeof u.body === 'string' ? u.body : JSON.stringify(u.body),
      }).then(
        (r) => r.status,
        () => 0,
      );
      const cls = status === 0 ? 'none' : `${Math.floor(status / 100)}xx`;
      result.byStatusClass[cls] = (result.byStatusClass[cls] ?? 0) + 1;
      if (status === 0) result.noAnswer++;
      if (status >= 500) result.serverErrors++;
      if (status === 0 || status >= 500) result.faults.push(`${u.label}: ${status || 'no answer'}`);
    }
    // still serving: a real update through Telegram gets its reply
    const before = emu.control.messages(userId, { direction: 'out' }).length;
    emu.control.sendMessage({ userId, text: '/help' });
    await drainWebhook(emu, 30_000);
    for (let i = 0; i < 200 && !result.answersAfter; i++) {
      result.answersAfter = emu.control.messages(userId, { direction: 'out' }).length > before;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    crashed = bot.child.exitCode !== null || bot.child.signalCode !== null;
    await stop(bot.child);
    await emu.stop();
  }
  const failures = bot.stderr.filter((l) => /failed|error|unhandled|exception/i.test(l));
  return {
    ...result,
    acknowledged: result.sent - result.serverErrors - result.noAnswer,
    droppedAsMalformed: bot.stderr.filter((l) => / dropped: /.test(l)).length,
    crashed,
    botErrorLogLines: failures.length,
    botErrorSample: [...new Set(failures)].slice(0, 8).map((l) => l.slice(0, 240)),
  };
}
