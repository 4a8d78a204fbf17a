import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { problem } from './problem';

type DtoClass = abstract new (...args: never[]) => unknown;
type RulesLookup = (target: DtoClass, schema: string, always: boolean, strictGroups: boolean, groups?: string[]) => unknown[];
let rulesRemembered = false;

/**
 * class-validator looks a DTO's rules up on every validation by scanning every registered class for inherited
 * rules: with the API's few hundred DTOs that was a quarter of a GET's validation time (the bench:directory
 * profile). The rules are fixed once the classes are loaded (decorators run when a class is defined, before
 * anything can be validated against it), so the answer is remembered per class and options.
 */
function rememberValidationRules(): void {
  if (rulesRemembered) return;
  rulesRemembered = true;
  const storage = getMetadataStorage() as unknown as { getTargetValidationMetadatas: RulesLookup };
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const cache = new WeakMap<DtoClass, Map<string, unknown[]>>();
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    let byOptions = cache.get(target);
    if (!byOptions) cache.set(target, (byOptions = new Map()));
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let rules = byOptions.get(key);
    if (!rules) byOptions.set(key, (rules = lookup(target, schema, always, strictGroups, groups)));
    return rules;
  };
}

/** DTO validation at the edge: unknown fields refused, every failing field named. */
export function createValidationPipe(): ValidationPipe {
  rememberValidationRules();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors: ValidationError[]) => {
      const list = flatten(errors);
      return problem(400, 'validation.failed', 'The request is not valid', list.map((e) => `${e.field}: ${e.messages.join(', ')}`).join('; '), {
        errors: list,
      });
    },
  });
}

function flatten(errors: ValidationError[], prefix = ''): { field: string; messages: string[] }[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return own.concat(flatten(e.children ?? [], field));
  });
}
