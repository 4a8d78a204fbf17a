import { Controller, Get, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { AdminApi, AdminRefusal, type ApiAnswer, type BrowserRequest } from '../admin-api';
import type { BrowserIncoming } from '../api-proxy.controller';
import { pageWhole, RESOURCES, type ListRequest, type ResourceSpec } from './resources';

type Row = Record<string, unknown>;

/**
 * The react-admin adapter (`/ra/<resource>`, the REST dialect ra-data-simple-rest speaks): lists with
 * `sort`/`range`/`filter` answered with `Content-Range` and `X-Total-Count`, records with an `id`, and the API's
 * validation problems turned into react-admin's `{ errors: { field: message } }` so forms show them at the fields.
 * Every call goes to the API as the signed-in employee (AdminApi).
 */
@Controller('ra')
export class ReactAdminController {
  constructor(private readonly api: AdminApi) {}

  @Get(':resource')
  async list(
    @Param('resource') resource: string,
    @Query() raw: Record<string, string>,
    @Req() req: BrowserIncoming,
    @Res() res: ServerResponse,
  ): Promise<void> {
    await answer(res, async () => {
      const spec = specOf(resource);
      const r = listRequest(raw);
      if (Array.isArray(r.filter.id)) {
        // getMany: the records by id
        const items = await Promise.all(r.filter.id.map((id) => this.record(req, spec, String(id))));
        return { status: 200, body: items, total: items.length, resource, from: 0 };
      }
      const { items, total } = spec.apiList ? await this.pagedByApi(req, spec, r) : pageWhole(await this.whole(req, spec, r.filter), r, spec);
      return { status: 200, body: items.map((i) => withId(i, spec)), total, resource, from: r.range?.[0] ?? 0 };
    });
  }

  @Get(':resource/:id')
  async get(@Param('resource') resource: string, @Param('id') id: string, @Req() req: BrowserIncoming, @Res() res: ServerResponse): Promise<void> {
    await answer(res, async () => ({ status: 200, body: await this.record(req, specOf(resource), id) }));
  }

  @Post(':resource')
  async create(@Param('resource') resource: string, @Req() req: BrowserIncoming, @Res() res: ServerResponse): Promise<void> {
    await answer(res, async () => {
      const spec = specOf(resource);
      if (!spec.create) throw new AdminRefusal(405, 'admin.read_only', `${resource} cannot be created here`);
      const { path, body } = spec.create({ ...((req.body as Row) ?? {}) });
      const result = (await json(await this.api.call(req, 'POST', path, body))) as Row;
      await this.caughtUp(req, spec, result);
      // react-admin needs the new record's id; the command's answer (a display's token, shown once) comes along.
      return { status: 201, body: { ...body, ...result, id: result[spec.idField] ?? body[spec.idField] } };
    });
  }

  @Put(':resource/:id')
  async update(@Param('resource') resource: string, @Param('id') id: string, @Req() req: BrowserIncoming, @Res() res: ServerResponse): Promise<void> {
    await answer(res, async () => {
      const spec = specOf(resource);
      if (!spec.update) throw new AdminRefusal(405, 'admin.read_only', `${resource} cannot be edited here`);
      const { method, path, body } = spec.update(id, { ...((req.body as Row) ?? {}) });
      const result = (await json(await this.api.call(req, method, path, body))) as Row;
      await this.caughtUp(req, spec, result);
      return { status: 200, body: { ...((req.body as Row) ?? {}), ...body, position: result.position, id } };
    });
  }

  /** Waits for the read side to have what the command wrote, so the page that follows shows it (best effort). */
  private async caughtUp(req: BrowserRequest, spec: ResourceSpec, result: Row): Promise<void> {
    if (!spec.caughtUp || typeof result.position !== 'string') return;
    const answer = await this.api.call(req, 'GET', spec.caughtUp(result.position));
    await answer.response.body?.cancel();
  }

  private async record(req: BrowserRequest, spec: ResourceSpec, id: string): Promise<Row> {
    if (spec.one) return withId((await json(await this.api.call(req, 'GET', spec.one(id)))) as Row, spec);
    const found = (await this.whole(req, spec, {})).find((i) => String(i[spec.idField]) === id);
    if (!found) throw new AdminRefusal(404, 'admin.not_found', `No such record: ${id}`);
    return withId(found, spec);
  }

  private async pagedByApi(req: BrowserRequest, spec: ResourceSpec, r: ListRequest) {
    const page = (await json(await this.api.call(req, 'GET', spec.apiList!(r)))) as { items: Row[]; total: number };
    return { items: page.items, total: page.total };
  }

  private async whole(req: BrowserRequest, spec: ResourceSpec, filter: Record<string, unknown>): Promise<Row[]> {
    const source = spec.wholeList!(filter);
    const paths = Array.isArray(source) ? source : ((await json(await this.api.call(req, 'GET', source.each))) as { items: Row[] }).items.map(source.path);
    const itemsOf = spec.itemsOf ?? ((answer: Row) => answer.items as Row[]);
    const pages = await Promise.all(paths.map(async (p) => itemsOf((await json(await this.api.call(req, 'GET', p))) as Row)));
    return pages.flat();
  }
}

function specOf(resource: string): ResourceSpec {
  const spec = RESOURCES[resource];
  if (!spec) throw new AdminRefusal(404, 'admin.unknown_resource', `No resource ${resource}`);
  return spec;
}

const withId = (item: Row, spec: ResourceSpec): Row => ({ ...item, id: item[spec.idField] });

function listRequest(raw: Record<string, string>): ListRequest {
  const parse = <T>(name: string, fallback: T): T => {
    if (raw[name] === undefined) return fallback;
    try {
      return JSON.parse(raw[name]) as T;
    } catch {
      throw new AdminRefusal(400, 'validation.failed', `${name} must be JSON`);
    }
  };
  return { sort: parse('sort', undefined), range: parse('range', undefined), filter: parse('filter', {}) };
}

/** The API's answer as JSON; its refusals become the admin site's, with the failing fields for react-admin's forms. */
async function json(a: ApiAnswer): Promise<unknown> {
  const body = (await a.response.json().catch(() => null)) as Record<string, any> | null;
  if (a.status >= 200 && a.status < 300) return body;
  throw new ApiRefusal(a.status, body ?? {}, a.cookies);
}

class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    readonly problem: Record<string, any>,
    readonly cookies: string[],
  ) {
    super(String(problem.detail ?? problem.title ?? `API answered ${status}`));
  }
}

interface Answer {
  status: number;
  body: unknown;
  total?: number;
  resource?: string;
  from?: number;
}

async function answer(res: ServerResponse, fn: () => Promise<Answer>): Promise<void> {
  try {
    const a = await fn();
    if (a.total !== undefined) {
      const count = Array.isArray(a.body) ? a.body.length : 0;
      res.setHeader('content-range', `${a.resource} ${a.from}-${a.from! + Math.max(0, count - 1)}/${a.total}`);
      res.setHeader('x-total-count', String(a.total));
    }
    res.writeHead(a.status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(a.body));
  } catch (e) {
    if (e instanceof AdminRefusal) {
      if (e.cookies.length) res.setHeader('set-cookie', e.cookies);
      res.writeHead(e.status, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ ...e.body, message: e.detail }));
      return;
    }
    if (!(e instanceof ApiRefusal)) throw e;
    const p = e.problem;
    // react-admin: `message` for the notification, `errors` by field for the form
    const list: { field: string; messages: string[] }[] = Array.isArray(p.errors) ? p.errors : [];
    // a domain rule about one field (a reserve below the starting price...) names it: shown there too
    if (!list.length && typeof p.field === 'string') list.push({ field: p.field, messages: [String(p.title)] });
    const errors = Object.fromEntries(list.map((f) => [f.field, f.messages.join('; ')]));
    const message = list.length ? String(p.title ?? 'The request is not valid') : String(p.detail ?? p.title ?? `The API answered ${e.status}`);
    res.writeHead(e.status, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ ...p, message, errors }));
  }
}
