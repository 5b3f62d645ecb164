import { ValidationPipe } from '@nestjs/common';
import { ValidationError as ClassValidationError } from 'class-validator';
import { ValidationError } from '@ctxvault/common';

function flatten(errors: ClassValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, m]) =>
      rule === 'whitelistValidation' ? `unknown field "${path}": remove it` : m.startsWith(e.property) ? m.replace(e.property, path) : `${path}: ${m}`,
    );
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/** Unknown fields and wrong types are refused with one message per problem. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return new ValidationError(`invalid request: ${details.join('; ')}`, details);
    },
  });
}
