import { All, Controller, Req, Res } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { AdminApi, AdminRefusal, returnedHeaders, type ApiAnswer } from './admin-api';

export type BrowserIncoming = IncomingMessage & { body?: unknown; originalUrl?: string; method: string };

/** The sign-in steps a browser takes before it has a session (through the bot, or with the Telegram Login Widget). */
const SIGN_IN = /^\/auth\/(login(\/[0-9a-f-]{36}\/session)?|telegram-widget)$/;

/**
 * `/api/*` of the admin site is the API, called as the signed-in employee (their session cookie and CSRF token go
 * through; the site adds no credential). The single-page app's actions (cancel a lot, void a bid, dismiss, replay,
 * export) and its sign-in go this way; lists and forms go through the react-admin adapter (`/ra`).
 */
@Controller('api')
export class ApiProxyController {
  constructor(private readonly api: AdminApi) {}

  @All('*path')
  async forward(@Req() req: BrowserIncoming, @Res() res: ServerResponse): Promise<void> {
    const path = (req.originalUrl ?? req.url ?? '/api').replace(/^\/api/, '') || '/';
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : (req.body ?? {});
    await relay(res, async () => {
      if (req.method === 'POST' && SIGN_IN.test(path.split('?')[0])) return this.api.signIn(req, path, body);
      const answer = await this.api.call(req, req.method, path, body);
      if (path === '/auth/logout') this.api.forget(req);
      return answer;
    });
  }
}

/** Sends the API's answer (status, the headers the browser needs, cookies, the body streamed) or the site's refusal. */
export async function relay(res: ServerResponse, answer: () => Promise<ApiAnswer>): Promise<void> {
  let a: ApiAnswer;
  try {
    a = await answer();
  } catch (e) {
    if (!(e instanceof AdminRefusal)) throw e;
    if (e.cookies.length) res.setHeader('set-cookie', e.cookies);
    res.writeHead(e.status, { 'content-type': 'application/problem+json' }).end(JSON.stringify(e.body));
    return;
  }
  for (const [name, value] of returnedHeaders(a.headers)) res.setHeader(name, value);
  if (a.cookies.length) res.setHeader('set-cookie', a.cookies);
  res.writeHead(a.status);
  if (!a.response.body) {
    res.end();
    return;
  }
  Readable.fromWeb(a.response.body as import('node:stream/web').ReadableStream).pipe(res);
}
