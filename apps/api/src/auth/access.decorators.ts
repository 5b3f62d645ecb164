import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { ApiKeyRole } from '@ctxvault/persistence';

export const ACCESS_KEY = 'ctxvault:access';
export type Access = { kind: 'public' } | { kind: 'platform' } | { kind: 'roles'; roles: ApiKeyRole[] };

/** A route anyone may call. Every other route needs a key with one of its roles (fail closed). */
export const Public = () =>
  applyDecorators(SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies Access), ApiExtension('x-ctxvault-auth', 'public'));

/** A tenant-scoped route for API keys with one of these roles. */
export const Roles = (...roles: ApiKeyRole[]) =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies Access),
    ApiBearerAuth('apiKey'),
    ApiExtension('x-ctxvault-auth', 'api-key'),
    ApiExtension('x-ctxvault-roles', roles),
    ApiUnauthorizedResponse({ description: 'missing, malformed, unknown, revoked or expired API key' }),
    ApiForbiddenResponse({ description: `the key's role is not one of: ${roles.join(', ')}` }),
    ApiTooManyRequestsResponse({ description: 'rate limit of the key exceeded; see Retry-After' }),
  );

/** A platform route (tenants), for the PLATFORM_ADMIN_TOKEN only. */
export const PlatformAdmin = () =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'platform' } satisfies Access),
    ApiBearerAuth('platformToken'),
    ApiExtension('x-ctxvault-auth', 'platform-admin-token'),
    ApiUnauthorizedResponse({ description: 'missing or wrong platform admin token' }),
    ApiForbiddenResponse({ description: 'platform administration is disabled (PLATFORM_ADMIN_TOKEN unset)' }),
  );

export const OWN_TRANSACTIONS_KEY = 'ctxvault:own-transactions';
/**
 * A route whose handler opens its tenant transactions itself (Database.inTenant with the caller's
 * tenant), because it writes the response while still running: each unit of work commits before
 * its answer is written.
 */
export const OwnTransactions = () => SetMetadata(OWN_TRANSACTIONS_KEY, true);
