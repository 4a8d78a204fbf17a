import 'reflect-metadata';
import { Controller, Get, Module, Req, Res } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';

/**
 * Baseline of the displays benchmark: an endpoint on the API's own HTTP
 * stack (Nest + fastify) that reads the same headers and answers 304 with
 * the same headers as the real one - no token lookup, no schedule, no
 * telemetry. The real endpoint cannot be faster than this.
 */
@Controller()
class EmptyController {
  constructor(private readonly host: HttpAdapterHost) {}

  @Get('empty/schedule')
  schedule(@Req() req: { headers: Record<string, string | undefined> }, @Res() res: unknown) {
    const a = this.host.httpAdapter;
    const etag = req.headers['if-none-match'] ?? '"0000000000000000"';
    a.setHeader(res, 'ETag', etag);
    a.setHeader(res, 'X-Refresh-Sec', String((req.headers.authorization ?? '').length));
    a.setHeader(res, 'Cache-Control', 'no-store');
    a.reply(res, undefined, 304);
  }
}

@Module({ controllers: [EmptyController] })
class EmptyModule {}

async function main() {
  const port = Number(process.argv[2]);
  const app = await NestFactory.create(EmptyModule, new FastifyAdapter(), { logger: false });
  await app.listen(port, '127.0.0.1');
  process.send?.({ type: 'ready' });
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
