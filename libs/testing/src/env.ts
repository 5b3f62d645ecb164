import { AppConfig, loadConfig } from '@ctxvault/config';

/**
 * Configuration for integration and e2e tests: the environment `npm test` prepares (a fresh test
 * database, its roles, Redis) plus overrides. Fails with a clear message when run outside it.
 */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  const env = { ...process.env, ...overrides };
  for (const name of ['DATABASE_URL', 'DATABASE_ADMIN_URL']) {
    if (!env[name]) {
      throw new Error(`${name} is not set: integration and e2e tests run under "npm test", which prepares the test database`);
    }
  }
  return loadConfig(env);
}

/** Superuser URL pointed at the test database (for catalog checks and tampering). */
export function adminUrlForTestDb(config: AppConfig): string {
  const admin = new URL(config.database.adminUrl!);
  admin.pathname = new URL(config.database.url!).pathname;
  return admin.toString();
}
