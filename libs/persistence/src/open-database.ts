import { MigrationInterface } from 'typeorm';
import type { AppConfig } from '@ctxvault/config';
import { createDataSource } from './data-source.factory';
import { Database } from './database';
import { setupEmbeddedRoles } from './db-setup';
import { EmbeddedDb, startEmbeddedDb } from './embedded-db';
import { runMigrations } from './migrate';

export interface OpenDatabase {
  db: Database;
  embedded: EmbeddedDb | null;
  close(): Promise<void>;
}

/**
 * Connects the service to its database. With DATABASE_URL: a pool as ctxvault_app. Without: starts
 * the embedded database, creates the service role in it, applies migrations, and connects with one
 * connection whose transactions run as ctxvault_app.
 */
export async function openDatabase(
  config: AppConfig,
  opts: { applicationName: string; migrations: Array<new () => MigrationInterface> },
): Promise<OpenDatabase> {
  let embedded: EmbeddedDb | null = null;
  let url = config.database.url;
  if (!url) {
    embedded = await startEmbeddedDb(config.database.dataDir, config.database.embeddedPort);
    url = embedded.url;
    try {
      await setupEmbeddedRoles(url);
      await runMigrations(url, opts.migrations);
    } catch (e) {
      await embedded.close();
      throw e;
    }
  }
  const ds = createDataSource({ url, poolMax: embedded ? 2 : config.database.poolMax, applicationName: opts.applicationName });
  try {
    await ds.initialize();
  } catch (e) {
    await embedded?.close();
    throw new Error(`cannot connect to PostgreSQL (${(e as Error).message}); check DATABASE_URL`);
  }
  const db = new Database(ds, { statementTimeoutMs: config.database.statementTimeoutMs, assumeAppRole: !!embedded, sharedSession: !!embedded });
  return {
    db,
    embedded,
    async close() {
      await ds.destroy();
      await embedded?.close();
    },
  };
}
