import 'reflect-metadata';
import { type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module';
import type { ApiOptions } from './core/api-options';
import { assertEveryRouteHasPolicy, declaredRoutes } from './core/access/routes';
import { createValidationPipe } from './core/validation';
import { problemType } from './core/problem';
import { PROBLEM_CONTENT_TYPE } from '@megabot/contracts';
import { TracingInterceptor } from './core/tracing.interceptor';

/** The part of fastify's reply the framework-error handler uses. */
interface ProblemReply {
  code(status: number): ProblemReply;
  type(contentType: string): ProblemReply;
  send(body: unknown): unknown;
}

/** Builds the API application (used by main.ts and by the end-to-end tests). */
export async function createApiApp(options: ApiOptions, logger: LogLevel[] | false = ['error', 'warn', 'log']): Promise<INestApplication> {
  const adapter =
    options.httpAdapter === 'express'
      ? new ExpressAdapter()
      : new FastifyAdapter({
          bodyLimit: 256 * 1024,
          // as Express routes: /seating/app/ (a page whose bundles are linked relative to it) is the route /seating/app
          routerOptions: { ignoreTrailingSlash: true },
          trustProxy: options.trustProxyHops ? (_address: string, hop: number) => hop < options.trustProxyHops! : false,
          // A URL fastify cannot route (malformed percent-encoding, a path parameter too long) is refused as a problem too.
          frameworkErrors: ((error: { statusCode?: number; message: string }, _request: unknown, reply: ProblemReply) => {
            const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
            void reply
              .code(status)
              .type(PROBLEM_CONTENT_TYPE)
              .send({ type: problemType('http.bad_url'), title: 'The URL is not valid', detail: error.message, status, code: 'http.bad_url' });
          }) as never,
        });
  const app = await NestFactory.create(AppModule.forRoot(options), adapter, { logger, abortOnError: false });
  assertEveryRouteHasPolicy(app);
  // Behind the deployment's reverse proxy, the client address is the proxy's X-Forwarded-For (it replaces what clients send).
  if (options.httpAdapter === 'express' && options.trustProxyHops)
    (app.getHttpAdapter().getInstance() as { set(k: string, v: number): void }).set('trust proxy', options.trustProxyHops);
  if (options.tracing) app.useGlobalInterceptors(new TracingInterceptor());
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
  SwaggerModule.setup('docs', app, () => withAccessPolicies(SwaggerModule.createDocument(app, doc), app));
  return app;
}

/** Each operation says who may call it (`x-access`: the route's declared policies), so a client - or the fuzzer - knows which credential to bring. */
function withAccessPolicies(document: OpenAPIObject, app: INestApplication): OpenAPIObject {
  for (const route of declaredRoutes(app)) {
    const operation = document.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase() as 'get'];
    if (operation) (operation as unknown as Record<string, unknown>)['x-access'] = route.policies;
  }
  return document;
}
