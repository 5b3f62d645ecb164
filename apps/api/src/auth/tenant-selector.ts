import { ForbiddenError } from '@ctxvault/common';

/** Names by which a caller might try to choose a tenant. The tenant comes from the API key only. */
const HEADER_NAMES = ['x-tenant', 'x-tenant-id', 'x-tenant-slug', 'x-ctxvault-tenant', 'tenant', 'tenant-id'];
const FIELD_RE = /^tenant([_-]?(id|slug|name))?$/i;

export function rejectTenantSelectors(headers: Record<string, unknown>, query: unknown, body: unknown): void {
  for (const h of HEADER_NAMES) {
    if (headers[h] !== undefined) {
      throw new ForbiddenError(`the tenant comes from the API key only: remove the "${h}" header`);
    }
  }
  const check = (where: string, value: unknown) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return;
    for (const k of Object.keys(value)) {
      if (FIELD_RE.test(k)) throw new ForbiddenError(`the tenant comes from the API key only: remove "${k}" from the ${where}`);
    }
  };
  check('query string', query);
  check('request body', body);
}
