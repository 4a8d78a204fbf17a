import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { problem } from './problem';

/** DTO validation at the edge: unknown fields refused, every failing field named. */
export function createValidationPipe(): ValidationPipe {
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
