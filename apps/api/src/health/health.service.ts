import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '@ctxvault/config';
import type { HeartbeatRepository } from '@ctxvault/persistence';
import type { Tenancy } from '@ctxvault/tenancy';
import { CONFIG, HEARTBEATS, REDIS, TENANCY } from '../tokens';

export interface CheckResult {
  status: 'ok' | 'fail';
  ms: number;
  detail?: string;
}

export interface Readiness {
  status: 'ok' | 'fail';
  checks: { postgres: CheckResult; redis: CheckResult; worker: CheckResult };
}

async function timed(fn: () => Promise<string | undefined>, timeoutMs: number): Promise<CheckResult> {
  const start = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const detail = await Promise.race([
      fn(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'ok', ms: Date.now() - start, ...(detail ? { detail } : {}) };
  } catch (e) {
    return { status: 'fail', ms: Date.now() - start, detail: (e as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

@Injectable()
export class HealthService {
  constructor(
    @Inject(TENANCY) private readonly tenancy: Tenancy,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(HEARTBEATS) private readonly heartbeats: HeartbeatRepository,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async readiness(): Promise<Readiness> {
    const stale = this.config.worker.heartbeatStaleSeconds;
    const [postgres, redis, worker] = await Promise.all([
      timed(() => this.tenancy.db.system(() => this.heartbeats.ping()).then(() => undefined), 3000),
      timed(async () => {
        await this.redis.ping();
        return undefined;
      }, 3000),
      timed(async () => {
        const hb = await this.tenancy.db.system(() => this.heartbeats.latest());
        if (!hb) throw new Error('no worker has processed a heartbeat job yet');
        const age = Math.round(hb.ageSeconds * 10) / 10;
        if (age > stale) throw new Error(`last heartbeat ${age} s ago (worker ${hb.workerId}); stale after ${stale} s`);
        return `last heartbeat ${age} s ago (worker ${hb.workerId})`;
      }, 3000),
    ]);
    const ok = postgres.status === 'ok' && redis.status === 'ok' && worker.status === 'ok';
    return { status: ok ? 'ok' : 'fail', checks: { postgres, redis, worker } };
  }
}
