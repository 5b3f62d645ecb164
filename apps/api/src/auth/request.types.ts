import type { Request } from 'express';
import type { Principal } from '@ctxvault/tenancy';

export interface ApiRequest extends Request {
  requestId: string;
  principal?: Principal;
  platformAdmin?: boolean;
  startedAt: bigint;
  /** The body exactly as received (vendor signatures are over these bytes). */
  rawBody?: string;
}
