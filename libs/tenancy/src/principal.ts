import type { ApiKeyRole } from '@ctxvault/persistence';

/** Who is calling: always derived from the API key, never from anything else in a request. */
export interface Principal {
  tenantId: string;
  keyId: string;
  role: ApiKeyRole;
  keyName: string;
}

export function actorOf(p: Principal | { actor: string }): string {
  return 'actor' in p ? p.actor : `key:${p.keyId}`;
}
