import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AdminModule } from './admin.module';

async function main() {
  const apiUrl = process.env.API_URL;
  if (!apiUrl || !/^https?:\/\//.test(apiUrl)) throw new Error('API_URL must be the API base URL, e.g. http://127.0.0.1:3000');
  const apiToken = process.env.ADMIN_API_TOKEN?.trim() || undefined;
  if (apiToken !== undefined && !apiToken.startsWith('mbp_'))
    throw new Error('ADMIN_API_TOKEN must be a personal access token (mbp_…) the admin site reads the API with (an admin issues one: POST /auth/tokens)');
  if (apiToken === undefined) console.warn('[admin] ADMIN_API_TOKEN is not set: the API refuses the admin site its reads until it has a personal access token');
  const port = Number(process.env.ADMIN_PORT ?? 3001);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`ADMIN_PORT must be a port number (got "${process.env.ADMIN_PORT}")`);
  const app = await NestFactory.create(AdminModule.forRoot({ apiUrl, apiToken }), { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(port, process.env.ADMIN_HOST ?? '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  console.log(`[admin] listening on ${url}`);
  process.send?.({ type: 'ready', url });
}

main().catch((e) => {
  console.error(`[admin] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
