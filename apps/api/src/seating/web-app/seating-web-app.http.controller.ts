import { Controller, Get, Param, Req, Res, StreamableFile } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { Public } from '../../core/access/policy';
import { problem } from '../../core/problem';

/** Where Vite writes the page (tools/web-apps/build.ts), under the working directory (the checkout, the image's /app). */
export const SEATING_WEB_ROOT = path.resolve('apps/api/web/seating/dist');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};
const ASSET = /^[\w-]+\.(js|css|svg|png|woff2)$/;

/**
 * The seating Web App's page and its bundles, public like any web page: it holds no data. Everything it shows comes
 * from API calls made with the session it opens from Telegram's signed initData (POST /auth/webapp).
 */
@ApiExcludeController()
@Public()
@Controller('seating/app')
export class SeatingWebAppController {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  @Get()
  async page(@Req() req: { url: string }, @Res({ passthrough: true }) res: unknown): Promise<StreamableFile | undefined> {
    const adapter = this.adapterHost.httpAdapter;
    // the bundles are linked relative to the page: /seating/app would load them from /seating/assets
    if (!new URL(req.url, 'http://x').pathname.endsWith('/')) {
      adapter.redirect(res, 308, `${new URL(req.url, 'http://x').pathname}/`);
      return undefined;
    }
    const html = await this.read('index.html');
    adapter.setHeader(res, 'Cache-Control', 'no-cache');
    adapter.setHeader(res, 'X-Content-Type-Options', 'nosniff');
    adapter.setHeader(
      res,
      'Content-Security-Policy',
      // the plan's SVG may carry style attributes; the camera is shown from a MediaStream
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self'; object-src 'none'; base-uri 'self'",
    );
    return new StreamableFile(html, { type: 'text/html; charset=utf-8', length: html.length });
  }

  @Get('assets/:file')
  async asset(@Param('file') file: string, @Res({ passthrough: true }) res: unknown): Promise<StreamableFile> {
    if (!ASSET.test(file)) throw problem(404, 'seating.web_app_asset', 'No such file of the seating Web App');
    const body = await this.read(path.join('assets', file));
    const adapter = this.adapterHost.httpAdapter;
    // hashed names never change content; a new build links new names from the page
    adapter.setHeader(res, 'Cache-Control', 'public, max-age=31536000, immutable');
    adapter.setHeader(res, 'X-Content-Type-Options', 'nosniff');
    return new StreamableFile(body, { type: TYPES[path.extname(file)], length: body.length });
  }

  private async read(file: string): Promise<Buffer> {
    try {
      return await fs.readFile(path.join(SEATING_WEB_ROOT, file));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      if (file === 'index.html')
        throw problem(503, 'seating.web_app_not_built', 'The seating Web App is not built', 'Run npm run build:web (npm start builds it)');
      throw problem(404, 'seating.web_app_asset', 'No such file of the seating Web App');
    }
  }
}
