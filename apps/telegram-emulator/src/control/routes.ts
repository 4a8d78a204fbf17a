import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from '../core/context';
import { ControlError } from '../core/errors';
import type { UserInput } from './control';
import { EmulatorControl } from './control';
import type { SseHub } from './sse';

type Json = Record<string, unknown>;
type Handler = (args: { body: Json; query: URLSearchParams; params: string[]; req: IncomingMessage; res: ServerResponse }) => unknown;

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

const num = (v: unknown, name: string): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw new ControlError(400, `${name} must be an integer`);
  return n;
};
const optNum = (v: unknown, name: string): number | undefined => (v === undefined || v === null || v === '' ? undefined : num(v, name));
const optStr = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const pick = (body: Json, snake: string, camel: string): unknown => body[snake] ?? body[camel];

/** Streams the response itself (SSE, files) instead of returning JSON. */
export const STREAMED = Symbol('streamed');

/** HTTP form of EmulatorControl under /_emulator/… (JSON in, `{ ok: true, result }` out). */
export function controlRoutes(ctx: EmulatorContext, control: EmulatorControl, sse: SseHub, extra: { info: () => Json }): Route[] {
  const routes: Route[] = [];
  const route = (method: string, path: string, handler: Handler): void => {
    const pattern = new RegExp(`^/_emulator${path.replace(/:[a-z_]+/g, '([^/]+)')}$`);
    routes.push({ method, pattern, handler });
  };
  const userInput = (b: Json): UserInput => ({
    id: optNum(b.id, 'id'),
    first_name: optStr(b.first_name),
    last_name: optStr(b.last_name),
    username: optStr(b.username),
    language_code: optStr(b.language_code),
    is_premium: b.is_premium === true,
    label: optStr(b.label),
    phone_number: optStr(b.phone_number),
    started: b.started === true,
  });

  route('GET', '/info', () => extra.info());
  route('GET', '/users', () => control.listUsers());
  route('POST', '/users', ({ body }) => control.createUser(userInput(body)));
  route('POST', '/users/bulk', ({ body }) => {
    if (!Array.isArray(body.users)) throw new ControlError(400, 'users must be an array');
    return control.createUsers((body.users as Json[]).map(userInput), { seeded: body.seeded !== false });
  });
  route('POST', '/users/:id/block', ({ params }) => (control.blockBot(num(params[0], 'user id')), true));
  route('POST', '/users/:id/unblock', ({ params }) => (control.unblockBot(num(params[0], 'user id')), true));

  route('GET', '/chats', ({ query }) => control.listChats({ userId: optNum(query.get('user_id') ?? undefined, 'user_id') }));
  route('POST', '/chats', ({ body }) =>
    control.createGroup({
      title: String(body.title ?? ''),
      type: (body.type as 'group' | 'supergroup' | undefined) ?? 'supergroup',
      creatorId: num(pick(body, 'creator_id', 'creatorId'), 'creator_id'),
      memberIds: ((pick(body, 'member_ids', 'memberIds') as unknown[] | undefined) ?? []).map((v) => num(v, 'member_ids')),
      username: optStr(body.username),
      addBot: pick(body, 'add_bot', 'addBot') === true,
      botAdmin: pick(body, 'bot_admin', 'botAdmin') === true,
    }),
  );
  route('GET', '/chats/:id', ({ params }) => control.getChat(num(params[0], 'chat id')));
  route('GET', '/chats/:id/history', ({ params }) => control.history(num(params[0], 'chat id')));
  route('GET', '/chats/:id/commands', ({ params, query }) => ({
    commands: control.commandsFor(num(params[0], 'chat id'), num(query.get('user_id'), 'user_id')),
    menu_button: control.menuButtonFor(num(params[0], 'chat id')),
    ...control.botDescription(query.get('language_code') ?? ''),
  }));
  route('POST', '/chats/:id/members', ({ params, body }) => {
    control.addMember({ chatId: num(params[0], 'chat id'), userId: num(body.user_id, 'user_id'), byUserId: optNum(body.by_user_id, 'by_user_id') });
    return control.getChat(num(params[0], 'chat id'));
  });
  route('DELETE', '/chats/:id/members/:user', ({ params, body, query }) => {
    control.removeMember({
      chatId: num(params[0], 'chat id'),
      userId: num(params[1], 'user id'),
      byUserId: optNum(body.by_user_id ?? query.get('by_user_id') ?? undefined, 'by_user_id'),
    });
    return control.getChat(num(params[0], 'chat id'));
  });
  route('POST', '/chats/:id/bot', ({ params, body }) => {
    const chatId = num(params[0], 'chat id');
    const byUserId = num(body.by_user_id, 'by_user_id');
    switch (body.action) {
      case 'add':
        control.addBot({ chatId, byUserId, admin: body.admin === true });
        break;
      case 'promote':
        control.promoteBot({ chatId, byUserId, rights: body.rights as Json | undefined });
        break;
      case 'demote':
        control.demoteBot({ chatId, byUserId });
        break;
      case 'remove':
        control.removeBot({ chatId, byUserId });
        break;
      default:
        throw new ControlError(400, 'action must be add, promote, demote or remove');
    }
    return control.getChat(chatId);
  });

  route('POST', '/messages', ({ body }) =>
    control.sendMessage({
      userId: num(body.user_id, 'user_id'),
      chatId: optNum(body.chat_id, 'chat_id'),
      text: String(body.text ?? ''),
      replyToMessageId: optNum(body.reply_to_message_id, 'reply_to_message_id'),
    }),
  );
  route('POST', '/callback', ({ body }) =>
    control.pressButton({
      userId: num(body.user_id, 'user_id'),
      chatId: optNum(body.chat_id, 'chat_id'),
      messageId: num(body.message_id, 'message_id'),
      data: typeof body.data === 'string' ? body.data : undefined,
      text: optStr(body.text),
    }),
  );
  route('GET', '/callback/:id', ({ params }) => control.callbackAnswer(decodeURIComponent(params[0])));
  route('POST', '/contact', ({ body }) =>
    control.sendContact({
      userId: num(body.user_id, 'user_id'),
      chatId: optNum(body.chat_id, 'chat_id'),
      phoneNumber: optStr(body.phone_number),
    }),
  );
  route('POST', '/web-app/open', ({ body }) =>
    control.openWebApp({
      userId: num(body.user_id, 'user_id'),
      url: optStr(body.url),
      chatId: optNum(body.chat_id, 'chat_id'),
      messageId: optNum(body.message_id, 'message_id'),
      buttonText: optStr(body.button_text),
      source: optStr(body.source) as 'inline' | 'keyboard' | 'menu' | 'direct' | undefined,
      startParam: optStr(body.start_param),
    }),
  );
  route('POST', '/web-app/data', ({ body }) =>
    control.sendWebAppData({ userId: num(body.user_id, 'user_id'), data: String(body.data ?? ''), buttonText: String(body.button_text ?? '') }),
  );
  route('POST', '/web-app/validate', ({ body }) => ctx.signer.validate(String(body.init_data ?? '')));
  route('GET', '/web-app/public-key', () => control.publicKey());
  route('POST', '/invite-links/join', ({ body }) =>
    control.joinByInviteLink({ userId: num(body.user_id, 'user_id'), inviteLink: String(body.invite_link ?? '') }),
  );

  route('GET', '/events', ({ query }) => control.events(optNum(query.get('since') ?? undefined, 'since') ?? 0));
  route('GET', '/events/stream', ({ query, req, res }) => {
    sse.open(req, res, optNum(query.get('since') ?? undefined, 'since') ?? control.lastSeq, optNum(query.get('chat_id') ?? undefined, 'chat_id'));
    return STREAMED;
  });
  route('GET', '/updates', () => control.pendingUpdates());
  route('GET', '/webhook', () => control.webhookInfo());
  route('POST', '/rate-limit/inject', ({ body }) => {
    control.injectRateLimit({
      count: num(body.count, 'count'),
      retryAfter: optNum(pick(body, 'retry_after', 'retryAfter'), 'retry_after'),
      methods: Array.isArray(body.methods) ? (body.methods as unknown[]).map(String) : undefined,
    });
    return control.rateLimits;
  });
  route('GET', '/rate-limit', () => control.rateLimits);
  route('PUT', '/rate-limit', ({ body }) => control.setRateLimits(body as never));
  route('GET', '/settings', () => control.settings);
  route('PUT', '/settings', ({ body }) => {
    if (typeof body.privacy_mode === 'boolean') control.setPrivacyMode(body.privacy_mode);
    if (body.callback_query_ttl_ms !== undefined) control.setCallbackQueryTtl(num(body.callback_query_ttl_ms, 'callback_query_ttl_ms'));
    return control.settings;
  });
  route('POST', '/reset', ({ body }) => {
    control.reset({ keepUsers: body.keep_users !== false });
    return true;
  });
  route('GET', '/files/:id', ({ params, res }) => {
    const file = ctx.store.files.get(decodeURIComponent(params[0]));
    if (!file) throw new ControlError(404, 'file not found');
    if (file.data) {
      res.writeHead(200, {
        'content-type': file.mime_type ?? 'application/octet-stream',
        'content-length': file.data.length,
        ...(file.file_name ? { 'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(file.file_name)}` } : {}),
      });
      res.end(file.data);
    } else {
      res.writeHead(302, { location: file.url ?? '/' });
      res.end();
    }
    return STREAMED;
  });
  return routes;
}

export function matchRoute(routes: Route[], method: string, path: string): { route: Route; params: string[] } | 'method_not_allowed' | null {
  let pathMatched = false;
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    pathMatched = true;
    if (route.method === method) return { route, params: match.slice(1) };
  }
  return pathMatched ? 'method_not_allowed' : null;
}
