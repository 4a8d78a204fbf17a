import type { Context, MiddlewareFn } from 'telegraf';

type Obj = Record<string, unknown>;
/** A problem with the field at `path`, or undefined. */
type Check = (value: unknown, path: string) => string | undefined;

const has = (o: Obj, key: string) => Object.prototype.hasOwnProperty.call(o, key) && o[key] !== undefined;
/** A plain object; an own `__proto__` key (JSON.parse makes one) would replace the prototype when telegraf copies it. */
const object =
  (fields: Record<string, Check>, required: string[] = []): Check =>
  (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path} is not an object`;
    const o = value as Obj;
    if (Object.prototype.hasOwnProperty.call(o, '__proto__')) return `${path}.__proto__ is not a Telegram field`;
    for (const key of required) if (!has(o, key)) return `${path}.${key} is missing`;
    for (const [key, check] of Object.entries(fields)) {
      const problem = has(o, key) ? check(o[key], `${path}.${key}`) : undefined;
      if (problem) return problem;
    }
    return undefined;
  };
const string: Check = (v, path) => (typeof v === 'string' ? undefined : `${path} is not a string`);
const boolean: Check = (v, path) => (typeof v === 'boolean' ? undefined : `${path} is not a boolean`);
/** Telegram's ids and counts are integers of at most 52 bits: safe in JavaScript and in the API's bigint columns. */
const integer =
  (min: number): Check =>
  (v, path) =>
    Number.isSafeInteger(v) && (v as number) >= min ? undefined : `${path} is not an integer from ${min}`;
const arrayOf =
  (item: Check): Check =>
  (v, path) =>
    Array.isArray(v) ? v.map((x, i) => item(x, `${path}.${i}`)).find(Boolean) : `${path} is not an array`;
/** Identifiers of chats are negative for groups; anything but 0 within 2^53. */
const chatId: Check = (v, path) => (Number.isSafeInteger(v) && v !== 0 ? undefined : `${path} is not a chat id`);

const user = object({ id: integer(1), is_bot: boolean, first_name: string, last_name: string, username: string, language_code: string }, ['id']);
const chat = object({ id: chatId, type: string, title: string, username: string }, ['id']);
const entity = object({ type: string, offset: integer(0), length: integer(0), url: string, user }, ['type', 'offset', 'length']);
const messageFields = {
  message_id: integer(0),
  date: integer(0),
  chat,
  from: user,
  sender_chat: chat,
  text: string,
  caption: string,
  entities: arrayOf(entity),
  caption_entities: arrayOf(entity),
  contact: object({ phone_number: string, first_name: string, user_id: integer(1) }, ['phone_number']),
};
/** A reply carries the message it answers, whose own reply is never included (Telegram nests one level). */
const nestedReply: Check = (_, path) => `${path} is nested deeper than Telegram nests replies`;
const message = object({ ...messageFields, reply_to_message: object({ ...messageFields, reply_to_message: nestedReply }, ['message_id', 'chat']) }, [
  'message_id',
  'chat',
]);
const member = object({ user, status: string }, ['user', 'status']);

/** The update kinds the bot handles (ALLOWED_UPDATES) and the fields of them it reads. */
const KINDS: Record<string, Check> = {
  message,
  callback_query: object({ id: string, from: user, message, data: string, chat_instance: string }, ['id', 'from']),
  my_chat_member: object({ chat, from: user, date: integer(0), old_chat_member: member, new_chat_member: member }, [
    'chat',
    'from',
    'old_chat_member',
    'new_chat_member',
  ]),
};

/**
 * What is wrong with an update, naming the field (`message.from.id is not an integer from 1`), or undefined when it
 * has the shape Telegram gives the kinds the bot handles. Fields Telegram may add are let through; kinds the bot does
 * not handle are not looked into.
 */
export function malformation(update: unknown): string | undefined {
  const envelope = object({ update_id: integer(0) }, ['update_id'])(update, 'update');
  if (envelope) return envelope;
  const kinds = Object.keys(KINDS).filter((k) => has(update as Obj, k));
  if (kinds.length > 1) return `update has more than one kind (${kinds.join(', ')})`;
  return kinds.length ? KINDS[kinds[0]]((update as Obj)[kinds[0]], kinds[0]) : undefined;
}

/**
 * First middleware: an update Telegram would never send (forged, or broken on the way) is dropped with its reason in
 * the log — acknowledged, not failed: a redelivery would fail the same way for a day — before the claim or a handler
 * reads a field of the wrong type (which failed the claim with a 400, or threw in telegraf).
 */
export function dropMalformedUpdates(log: (line: string) => void): MiddlewareFn<Context> {
  return (ctx, next) => {
    const problem = malformation(ctx.update);
    if (problem === undefined) return next();
    log(`update ${String((ctx.update as { update_id?: unknown }).update_id)} dropped: ${problem}`);
    return Promise.resolve();
  };
}
