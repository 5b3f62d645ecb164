import { ForbiddenError } from '@ctxvault/common';
import { rejectTenantSelectors } from './tenant-selector';

describe('rejectTenantSelectors', () => {
  it.each([
    [{ 'x-tenant-id': 'b' }, {}, {}],
    [{ 'x-tenant': 'b' }, {}, {}],
    [{}, { tenant: 'b' }, {}],
    [{}, { tenantId: 'b' }, {}],
    [{}, {}, { tenant_id: 'b' }],
    [{}, {}, { TenantSlug: 'b' }],
  ])('refuses a tenant named in headers %j, query %j or body %j', (headers, query, body) => {
    expect(() => rejectTenantSelectors(headers, query, body)).toThrow(ForbiddenError);
  });

  it('lets ordinary fields through', () => {
    expect(() => rejectTenantSelectors({ accept: 'x' }, { limit: '5' }, { name: 'tenant key', role: 'agent' })).not.toThrow();
    expect(() => rejectTenantSelectors({}, undefined, [1, 2])).not.toThrow();
  });
});
