import { Database } from '../database';

export class HeartbeatRepository {
  constructor(private readonly db: Database) {}

  async record(workerId: string, jobId: string, enqueuedAt: Date): Promise<void> {
    await this.db.manager('system').query(
      `INSERT INTO worker_heartbeats (worker_id, job_id, enqueued_at, processed_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (worker_id) DO UPDATE SET job_id = EXCLUDED.job_id, enqueued_at = EXCLUDED.enqueued_at,
         processed_at = EXCLUDED.processed_at`,
      [workerId, jobId, enqueuedAt],
    );
  }

  /** The most recent heartbeat any worker processed, with its age measured by the database clock. */
  async latest(): Promise<{ workerId: string; processedAt: Date; ageSeconds: number } | null> {
    const rows: Array<{ workerId: string; processedAt: Date; ageSeconds: string }> = await this.db.manager('system').query(
      `SELECT worker_id AS "workerId", processed_at AS "processedAt",
              extract(epoch FROM now() - processed_at) AS "ageSeconds"
       FROM worker_heartbeats ORDER BY processed_at DESC LIMIT 1`,
    );
    return rows[0] ? { ...rows[0], ageSeconds: Number(rows[0].ageSeconds) } : null;
  }

  async ping(): Promise<void> {
    await this.db.manager('system').query('SELECT 1');
  }
}
