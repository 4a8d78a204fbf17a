import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ACCESS_POLICY, type AccessPolicy } from './policy';

export interface DeclaredRoute {
  method: string;
  /** As declared, with `:params`. */
  path: string;
  controller: string;
  handler: string;
  policies?: AccessPolicy[];
}

/** Every HTTP route of the application with its declared access policy, read from the controllers' metadata. */
export function declaredRoutes(app: INestApplication): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!type) continue;
      const base = [].concat(Reflect.getMetadata(PATH_METADATA, type) ?? '')[0] as string;
      const classPolicies = Reflect.getMetadata(ACCESS_POLICY, type) as AccessPolicy[] | undefined;
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const fn = (type.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof fn !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod | undefined;
        if (method === undefined) continue;
        for (const sub of [].concat(Reflect.getMetadata(PATH_METADATA, fn) ?? '') as string[]) {
          routes.push({
            method: RequestMethod[method],
            path: `/${[base, sub]
              .map((p) => p.replace(/^\/+|\/+$/g, ''))
              .filter(Boolean)
              .join('/')}`,
            controller: type.name,
            handler: name,
            policies: (Reflect.getMetadata(ACCESS_POLICY, fn) as AccessPolicy[] | undefined) ?? classPolicies,
          });
        }
      }
    }
  }
  return routes;
}

/** Refuses to run an API with a route nobody decided access for (default deny, made visible at start). */
export function assertEveryRouteHasPolicy(app: INestApplication): void {
  const missing = declaredRoutes(app).filter((r) => !r.policies?.length);
  if (missing.length) {
    throw new Error(
      `Every route must declare who may call it (@Public, @ForBot, @ForTelegramUser, @ForEmployee, @ForAdmin, @ForAuditor, @ForDisplay); missing on:\n${missing
        .map((r) => `  ${r.method} ${r.path} (${r.controller}.${r.handler})`)
        .join('\n')}`,
    );
  }
}
