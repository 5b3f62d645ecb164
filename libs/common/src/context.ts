import { AsyncLocalStorage } from 'node:async_hooks';

/** What is known about the current unit of work (an HTTP request, a job, a CLI command). */
export interface WorkContext {
  requestId: string;
  tenantId?: string;
  keyId?: string;
}

const storage = new AsyncLocalStorage<WorkContext>();

export function runWithContext<T>(ctx: WorkContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentContext(): WorkContext | undefined {
  return storage.getStore();
}
