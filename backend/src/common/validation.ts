import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

function flatten(errors: ValidationError[], prefix = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Validates bodies and query strings against their DTO classes. A 400 names every
 * bad field: `message` reads as a sentence, `fields` maps each field to its problems.
 */
export function createValidationPipe() {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const flat = flatten(errors);
      const fields = Object.fromEntries(flat.map((f) => [f.field, f.problems]));
      const message = flat
        .map((f) => f.problems.map((p) => (p.startsWith(f.field) ? p : `${f.field}: ${p}`)).join('; '))
        .join('; ');
      return new BadRequestException({ message, fields });
    },
  });
}
