import 'reflect-metadata';
import { createAdminApp } from './admin.module';
import { telegramLoginFrom } from './telegram-login';

async function main() {
  const apiUrl = process.env.API_URL;
  if (!apiUrl || !/^https?:\/\//.test(apiUrl)) throw new Error('API_URL must be the API base URL, e.g. http://127.0.0.1:3000');
  const port = Number(process.env.ADMIN_PORT ?? 3001);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`ADMIN_PORT must be a port number (got "${process.env.ADMIN_PORT}")`);
  const telegramLogin = telegramLoginFrom(process.env);
  const app = await createAdminApp({ apiUrl: apiUrl.replace(/\/+$/, ''), telegramLogin }, ['error', 'warn']);
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
