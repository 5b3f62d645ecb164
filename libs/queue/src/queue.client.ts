import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOB_DEFINITIONS, JobName, JobPayloads, QUEUE_NAMES, QueueName } from './jobs';

/** The producer side: enqueue declared jobs with their declared options. */
export class QueueClient {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    connection: Redis,
    readonly prefix: string,
  ) {
    for (const name of QUEUE_NAMES) this.queues.set(name, new Queue(name, { connection, prefix }));
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts: { jobId?: string; attempts?: number } = {}): Promise<string> {
    const def = JOB_DEFINITIONS[name];
    const job = await this.queue(def.queue).add(name, payload, { ...def.options, jobId: opts.jobId, ...(opts.attempts ? { attempts: opts.attempts } : {}) });
    return job.id!;
  }

  /** A repeating job; upserted by scheduler id, so several API processes share one schedule. */
  async schedule<N extends JobName>(name: N, everyMs: number, payload: JobPayloads[N]): Promise<void> {
    const def = JOB_DEFINITIONS[name];
    await this.queue(def.queue).upsertJobScheduler(`${name}-every`, { every: everyMs }, { name, data: payload, opts: def.options });
  }

  /** A repeating job under its own scheduler id (one per source, say). */
  async scheduleKeyed<N extends JobName>(id: string, name: N, everyMs: number, payload: JobPayloads[N], attempts?: number): Promise<void> {
    const def = JOB_DEFINITIONS[name];
    await this.queue(def.queue).upsertJobScheduler(id, { every: everyMs }, { name, data: payload, opts: { ...def.options, ...(attempts ? { attempts } : {}) } });
  }

  async unschedule(id: string, name: JobName): Promise<void> {
    await this.queue(JOB_DEFINITIONS[name].queue).removeJobScheduler(id);
  }

  queue(name: QueueName): Queue {
    const q = this.queues.get(name);
    if (!q) throw new Error(`unknown queue ${name}`);
    return q;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
