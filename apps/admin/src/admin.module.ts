import { Controller, Get, Header, HttpException, Inject, Module, type DynamicModule } from '@nestjs/common';
import type { LotListView } from '@megabot/contracts';
import { renderLotsPage } from './admin-page';

export const ADMIN_OPTIONS = Symbol('ADMIN_OPTIONS');
export interface AdminOptions {
  /** The API the admin site reads from and sends commands to. */
  apiUrl: string;
  /**
   * A personal access token the back end reads the API with (ADMIN_API_TOKEN): the API answers no one without a
   * credential. Until the admin site signs its users in (employee sessions), every visitor sees what its employee sees;
   * without one the pages say the API refused them.
   */
  apiToken?: string;
}

/** The admin back end: renders the read side of the API; keeps no state of its own. */
@Controller()
class AdminController {
  constructor(@Inject(ADMIN_OPTIONS) private readonly options: AdminOptions) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  async lots(): Promise<string> {
    const res = await fetch(`${this.options.apiUrl}/auctions?limit=100`, {
      headers: this.options.apiToken ? { authorization: `Bearer ${this.options.apiToken}` } : {},
    });
    if (res.status === 401 || res.status === 403) {
      throw new HttpException(`The API refused the admin site (${res.status}): ADMIN_API_TOKEN must be a live personal access token of an employee`, 502);
    }
    if (!res.ok) throw new Error(`API answered ${res.status}`);
    return renderLotsPage((await res.json()) as LotListView, this.options.apiUrl, new Date());
  }

  @Get('health')
  async health() {
    const api = await fetch(`${this.options.apiUrl}/health`).then(
      (r) => r.ok,
      () => false,
    );
    return { status: api ? 'ok' : 'degraded', api: api ? 'up' : 'down' };
  }
}

@Module({})
export class AdminModule {
  static forRoot(options: AdminOptions): DynamicModule {
    return { module: AdminModule, controllers: [AdminController], providers: [{ provide: ADMIN_OPTIONS, useValue: options }] };
  }
}
