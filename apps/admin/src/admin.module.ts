import { Controller, Get, Inject, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ADMIN_OPTIONS, AdminApi, type AdminOptions } from './admin-api';
import { ApiProxyController } from './api-proxy.controller';
import { ReactAdminController } from './react-admin/react-admin.controller';
import type { SiteView } from './telegram-login';

export { ADMIN_OPTIONS, type AdminOptions } from './admin-api';

/** Where the built single-page app is looked for: apps/admin/web/dist under the working directory (the image's /app). */
export const DEFAULT_WEB_ROOT = path.resolve('apps/admin/web/dist');

@Controller()
class HealthController {
  constructor(@Inject(ADMIN_OPTIONS) private readonly options: AdminOptions) {}

  @Get('health')
  async health() {
    const api = await fetch(`${this.options.apiUrl}/health`).then(
      (r) => r.ok,
      () => false,
    );
    return { status: api ? 'ok' : 'degraded', api: api ? 'up' : 'down' };
  }

  /** What the sign-in page offers besides the bot (public: the page asks before anyone signs in). */
  @Get('site')
  site(): SiteView {
    const login = this.options.telegramLogin;
    return { telegramLogin: login ? { botUsername: login.botUsername } : null };
  }
}

/**
 * The admin site's back end for its front end: serves the React-admin single-page app, and is its only way to the
 * API - as the signed-in employee, with no credential of its own. It keeps no state (a few seconds of session checks).
 */
@Module({})
export class AdminModule {
  static forRoot(options: AdminOptions): DynamicModule {
    return {
      module: AdminModule,
      controllers: [HealthController, ApiProxyController, ReactAdminController],
      providers: [{ provide: ADMIN_OPTIONS, useValue: options }, AdminApi],
    };
  }
}

/** The admin site as an app: the module, JSON bodies, and the built single-page app at `/`. */
export async function createAdminApp(options: AdminOptions, logger: false | ('error' | 'warn' | 'log')[] = false): Promise<NestExpressApplication> {
  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  if (!fs.existsSync(path.join(webRoot, 'index.html')))
    throw new Error(`the admin site's web app is not built in ${webRoot}: run npm run build:web (npm start builds it)`);
  const app = await NestFactory.create<NestExpressApplication>(AdminModule.forRoot(options), { logger, bodyParser: false });
  app.useBodyParser('json', { limit: '256kb' });
  app.disable('x-powered-by');
  app.useStaticAssets(webRoot, {
    index: 'index.html',
    // hashed bundles never change; the page itself is always asked again (a new build is seen at once)
    setHeaders: (res, file) => res.setHeader('cache-control', /[\\/]assets[\\/]/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  return app;
}
