import 'reflect-metadata';
import { type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import type { ApiOptions } from './core/api-options';
import { assertEveryRouteHasPolicy } from './core/access/routes';
import { createValidationPipe } from './core/validation';
import { InputLimitsInterceptor } from './core/input/input-limits.interceptor';

/** Builds the API application (used by main.ts and by the end-to-end tests). */
export async function createApiApp(options: ApiOptions, logger: LogLevel[] | false = ['error', 'warn', 'log']): Promise<INestApplication> {
  const adapter =
    options.httpAdapter === 'express'
      ? new ExpressAdapter()
      : new FastifyAdapter({
          bodyLimit: 256 * 1024,
          trustProxy: options.trustProxyHops ? (_address: string, hop: number) => hop < options.trustProxyHops! : false,
        });
  const app = await NestFactory.create(AppModule.forRoot(options), adapter, { logger, abortOnError: false });
  assertEveryRouteHasPolicy(app);
  // Behind the deployment's reverse proxy, the client address is the proxy's X-Forwarded-For (it replaces what clients send).
  if (options.httpAdapter === 'express' && options.trustProxyHops)
    (app.getHttpAdapter().getInstance() as { set(k: string, v: number): void }).set('trust proxy', options.trustProxyHops);
  // Every request value obeys one rule (storable text, exact numbers, bounded depth) before a pipe transforms it.
  app.useGlobalInterceptors(new InputLimitsInterceptor());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('Megabot API')
    .setDescription(
      'Commands answer with the global `position` they wrote; pass it as `waitFor` to a query to read your own writes. ' +
        'Errors are application/problem+json.',
    )
    .setVersion('0.1.0')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description:
        'The bot service (BOT_API_TOKEN, with X-Telegram-User-Id to act for a Telegram user), a personal access token (mbp_…) or a door display token (rd_…)',
    })
    .addCookieAuth('mb_session', {
      type: 'apiKey',
      in: 'cookie',
      description: 'An employee session (admin site, Web Apps); unsafe methods also need X-CSRF-Token',
    })
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, doc));
  return app;
}
