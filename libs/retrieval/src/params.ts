import { ValidationError } from '@ctxvault/common';

/** An optional ISO 8601 date-time request field, or a ValidationError naming the field. */
export function optionalDate(name: string, v: string | undefined): Date | undefined {
  if (v === undefined) return undefined;
  const d = new Date(v);
  if (typeof v !== 'string' || Number.isNaN(d.getTime())) throw new ValidationError(`${name} must be an ISO 8601 date-time`);
  return d;
}
