import type { RunningEmulator } from '../emulator';

export interface RawResponse<T = unknown> {
  status: number;
  body: { ok: boolean; result?: T; error_code?: number; description?: string; parameters?: Record<string, unknown> };
}

/** Raw Bot API call over HTTP, JSON body (tests). */
export async function rawCall<T = unknown>(
  emu: Pick<RunningEmulator, 'apiRoot' | 'token'>,
  method: string,
  params: Record<string, unknown> = {},
  opts: { token?: string; signal?: AbortSignal } = {},
): Promise<RawResponse<T>> {
  const res = await fetch(`${emu.apiRoot}/bot${opts.token ?? emu.token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
    signal: opts.signal,
  });
  return { status: res.status, body: (await res.json()) as RawResponse<T>['body'] };
}

/** Bot API call that returns `result` or throws with the Telegram description. */
export async function call<T = any>(emu: Pick<RunningEmulator, 'apiRoot' | 'token'>, method: string, params: Record<string, unknown> = {}): Promise<T> {
  const { body } = await rawCall<T>(emu, method, params);
  if (!body.ok) throw new Error(`${method}: ${body.error_code} ${body.description}`);
  return body.result as T;
}

/** Control API call over HTTP (tests). */
export async function controlCall<T = any>(
  emu: Pick<RunningEmulator, 'url'>,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; ok: boolean; result: T; error?: string }> {
  const res = await fetch(`${emu.url}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as { ok: boolean; result: T; error?: string };
  return { status: res.status, ...json };
}
