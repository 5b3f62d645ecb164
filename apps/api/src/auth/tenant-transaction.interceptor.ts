import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, lastValueFrom, Observable } from 'rxjs';
import { runWithContext } from '@ctxvault/common';
import type { Tenancy } from '@ctxvault/tenancy';
import { TENANCY } from '../tokens';
import { OWN_TRANSACTIONS_KEY } from './access.decorators';
import { ApiRequest } from './request.types';

/**
 * Runs every authenticated request inside one transaction scoped to the key's tenant: all of the
 * request's queries see only that tenant, and a failure rolls back everything it wrote.
 */
@Injectable()
export class TenantTransactionInterceptor implements NestInterceptor {
  constructor(
    @Inject(TENANCY) private readonly tenancy: Tenancy,
    private readonly reflector: Reflector,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<ApiRequest>();
    const p = req.principal;
    const own = this.reflector.getAllAndOverride<boolean>(OWN_TRANSACTIONS_KEY, [ctx.getHandler(), ctx.getClass()]);
    const work = () =>
      p && !own ? this.tenancy.db.inTenant(p.tenantId, () => lastValueFrom(next.handle(), { defaultValue: undefined })) : lastValueFrom(next.handle(), { defaultValue: undefined });
    return from(runWithContext({ requestId: req.requestId, tenantId: p?.tenantId, keyId: p?.keyId }, work));
  }
}
