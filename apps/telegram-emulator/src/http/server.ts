import * as http from 'node:http';
import type { BotApiDispatcher } from '../api/dispatcher';
import { Params } from '../api/params';
import type { EmulatorContext } from '../core/context';
import { ApiError, ControlError } from '../core/errors';
import { matchRoute, STREAMED, type controlRoutes } from '../control/routes';
import { parseBody, readBody } from './body';
import { serveStatic } from './static-files';

const BOT_API_PATH = /^\/bot([^/]*)\/([^/]*)$/;
const FILE_PATH = /^\/file\/bot([^/]+)\/(.+)$/;

export interface ServerDeps {
  ctx: EmulatorContext;
  api: BotApiDispatcher;
  routes: ReturnType<typeof controlRoutes>;
  webDir: string;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const data = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': data.length });
  res.end(data);
}

/** One node:http server for the Bot API, file downloads, the control API and the dev chat. */
export function createHttpServer(deps: ServerDeps): http.Server {
  const server = http.createServer((req, res) => {
    handle(deps, req, res).catch((error: unknown) => {
      const status = error instanceof ApiError ? error.errorCode : 500;
      sendJson(res, status, { ok: false, error_code: status, description: error instanceof Error ? error.message : String(error) });
    });
  });
  // Longer than any client's idle keep-alive (Node's agent drops idle sockets after 5 s): with equal timeouts a client
  // could reuse a socket the server was closing and get ECONNRESET for a request the server never read.
  server.keepAliveTimeout = 65_000;
  return server;
}

async function handle(deps: ServerDeps, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator.local');
  const path = url.pathname;
  const method = req.method ?? 'GET';

  const apiMatch = BOT_API_PATH.exec(path);
  if (apiMatch) return handleBotApi(deps, req, res, url, decodeURIComponent(apiMatch[1]), apiMatch[2]);

  const fileMatch = FILE_PATH.exec(path);
  if (fileMatch) return handleFileDownload(deps, res, decodeURIComponent(fileMatch[1]), decodeURIComponent(fileMatch[2]));

  if (path.startsWith('/_emulator/')) return handleControl(deps, req, res, url);

  if ((method === 'GET' || method === 'HEAD') && (await serveStatic(deps.webDir, path, res))) return;
  sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
}

async function handleBotApi(deps: ServerDeps, req: http.IncomingMessage, res: http.ServerResponse, url: URL, token: string, method: string): Promise<void> {
  const raw: Record<string, unknown> = Object.fromEntries(url.searchParams);
  let files: ReturnType<typeof parseBody>['files'];
  try {
    const body = await readBody(req);
    const parsed = parseBody(body, String(req.headers['content-type'] ?? ''));
    Object.assign(raw, parsed.params);
    files = parsed.files;
  } catch (error) {
    if (error instanceof ApiError) return sendJson(res, error.errorCode, error.toJSON());
    throw error;
  }
  const cancels: Array<() => void> = [];
  res.on('close', () => {
    if (!res.writableEnded) for (const cancel of cancels) cancel();
  });
  const response = await deps.api.handle(token, method, new Params(raw, files), (cancel) => cancels.push(cancel));
  sendJson(res, response.status, response.body);
}

function handleFileDownload(deps: ServerDeps, res: http.ServerResponse, token: string, filePath: string): void {
  if (token !== deps.ctx.options.token) return sendJson(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
  const file = [...deps.ctx.store.files.values()].find((f) => f.file_path === filePath);
  if (!file) return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
  if (!file.data) {
    res.writeHead(302, { location: file.url ?? '/' });
    res.end();
    return;
  }
  res.writeHead(200, { 'content-type': file.mime_type ?? 'application/octet-stream', 'content-length': file.data.length });
  res.end(file.data);
}

async function handleControl(deps: ServerDeps, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  res.setHeader('access-control-allow-origin', '*');
  if (method === 'OPTIONS') {
    res.writeHead(204, { 'access-control-allow-methods': 'GET, POST, PUT, DELETE', 'access-control-allow-headers': 'content-type' });
    res.end();
    return;
  }
  const matched = matchRoute(deps.routes, method, url.pathname);
  if (matched === null) return sendJson(res, 404, { ok: false, error: `no control route ${method} ${url.pathname}` });
  if (matched === 'method_not_allowed') return sendJson(res, 405, { ok: false, error: `method ${method} not allowed` });
  let body: Record<string, unknown> = {};
  const rawBody = await readBody(req, 1024 * 1024);
  if (rawBody.length > 0) {
    try {
      const parsed: unknown = JSON.parse(rawBody.toString('utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
    } catch {
      return sendJson(res, 400, { ok: false, error: 'body must be JSON' });
    }
  }
  try {
    const result = await matched.route.handler({ body, query: url.searchParams, params: matched.params, req, res });
    if (result === STREAMED) return;
    sendJson(res, 200, { ok: true, result: result ?? null });
  } catch (error) {
    if (error instanceof ControlError) return sendJson(res, error.status, { ok: false, error: error.message });
    if (error instanceof ApiError) return sendJson(res, error.errorCode, { ok: false, error: error.description });
    throw error;
  }
}
