import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Response } from 'express';
import { AuthenticationError, ForbiddenError } from '@ctxvault/common';
import type { AppConfig } from '@ctxvault/config';
import type { Tenancy } from '@ctxvault/tenancy';
import { CONFIG, TENANCY } from '../tokens';
import { Access, ACCESS_KEY } from './access.decorators';
import { RateLimiter } from './rate-limiter';
import { ApiRequest } from './request.types';
import { rejectTenantSelectors } from './tenant-selector';

function bearer(req: ApiRequest): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  if (!m) throw new AuthenticationError('the Authorization header must be "Bearer <API key>"');
  return m[1];
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/**
 * The one global guard. A route without an access declaration is refused (fail closed). Tenant
 * routes authenticate the API key, check its role, reject any attempt to name a tenant, and count
 * the request against the key's rate limit.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TENANCY) private readonly tenancy: Tenancy,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [ctx.getHandler(), ctx.getClass()]);
    const req = ctx.switchToHttp().getRequest<ApiRequest>();
    if (!access) throw new ForbiddenError('this route declares no access policy and is refused');
    if (access.kind === 'public') return true;

    if (access.kind === 'platform') {
      const token = this.config.auth.platformAdminToken;
      if (!token) throw new ForbiddenError('platform administration is disabled: set PLATFORM_ADMIN_TOKEN to enable it');
      const given = bearer(req);
      if (!given) throw new AuthenticationError('missing platform admin token: send "Authorization: Bearer <PLATFORM_ADMIN_TOKEN>"');
      if (!sameSecret(given, token)) throw new AuthenticationError('wrong platform admin token');
      req.platformAdmin = true;
      return true;
    }

    const principal = await this.tenancy.auth.authenticate(bearer(req));
    req.principal = principal;
    if (!access.roles.includes(principal.role)) {
      throw new ForbiddenError(`this route needs a key with role ${access.roles.join(' or ')}; this key has role ${principal.role}`);
    }
    rejectTenantSelectors(req.headers, req.query, req.body);
    const rl = await this.limiter.consume(principal.keyId);
    const res = ctx.switchToHttp().getResponse<Response>();
    res.setHeader('X-RateLimit-Limit', String(rl.limit));
    res.setHeader('X-RateLimit-Remaining', String(rl.remaining));
    res.setHeader('X-RateLimit-Reset', String(rl.resetSeconds));
    return true;
  }
}
