import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'worker_heartbeats' })
export class WorkerHeartbeatEntity {
  @PrimaryColumn({ name: 'worker_id', type: 'text' })
  workerId: string;

  @Column({ name: 'job_id', type: 'text' })
  jobId: string;

  @Column({ name: 'enqueued_at', type: 'timestamptz' })
  enqueuedAt: Date;

  @Column({ name: 'processed_at', type: 'timestamptz' })
  processedAt: Date;
}
