import { DataSource, MigrationInterface } from 'typeorm';
import { entities } from './entities';

export interface DataSourceOptions {
  url: string;
  poolMax: number;
  /** Name shown in pg_stat_activity. */
  applicationName?: string;
  migrations?: Array<new () => MigrationInterface>;
}

export function createDataSource(opts: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: opts.url,
    entities,
    migrations: opts.migrations ?? [],
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName: opts.applicationName ?? 'ctxvault',
    extra: { max: opts.poolMax, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000 },
  });
}
