import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Transform } from 'class-transformer';

/** Query strings arrive as text: turn digit strings into numbers and leave anything else for validation to refuse. */
export const QueryInt = () => Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value));
/** "true"/"false" into booleans; anything else is left for validation to refuse. */
export const QueryBool = () => Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

/** An optional page size in the query string: a whole number from 1 to max. */
export const PageLimit = (max: number, defaultValue: number) =>
  applyDecorators(
    ApiPropertyOptional({ minimum: 1, maximum: max, default: defaultValue }),
    IsOptional(),
    QueryInt(),
    IsInt({ message: `limit must be a whole number from 1 to ${max}` }),
    Min(1, { message: `limit must be a whole number from 1 to ${max}` }),
    Max(max, { message: `limit must be a whole number from 1 to ${max}` }),
  );
/** A comma-separated list in the query string ("open,confirmed"; the parameter repeated works too) into an array of values. */
export const QueryList = () =>
  Transform(({ value }) => {
    const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]));
    return parts.map((v) => (typeof v === 'string' ? v.trim() : v));
  });
