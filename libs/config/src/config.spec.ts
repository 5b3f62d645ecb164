import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allVariableNames, configTableMarkdown, envExample, loadConfig } from './config';
import { ConfigError } from './spec';

describe('loadConfig', () => {
  it('applies defaults and chooses the embedded database without DATABASE_URL', () => {
    const c = loadConfig({});
    expect(c.embedded).toBe(true);
    expect(c.http.port).toBe(3000);
    expect(c.redis.url).toBe('redis://127.0.0.1:6379');
    expect(c.database.dataDir).toBe('./.ctxvault');
  });

  it('lists every invalid variable in one error', () => {
    let err: unknown;
    try {
      loadConfig({ API_PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', RATE_LIMIT_REQUESTS: '0' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/API_PORT must be a whole number/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL must use postgres: or postgresql:/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL must be one of: debug, info, warn, error/);
    expect(problems.join('\n')).toMatch(/RATE_LIMIT_REQUESTS must be between 1/);
  });

  it('never echoes a secret value in an error', () => {
    try {
      loadConfig({ PLATFORM_ADMIN_TOKEN: 'short-secret-value' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect((e as Error).message).toMatch(/PLATFORM_ADMIN_TOKEN/);
      expect((e as Error).message).not.toContain('short-secret-value');
    }
  });

  it('parses a full real-database configuration', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://ctxvault_app@db:5432/ctxvault',
      DATABASE_POOL_MAX: '4',
      API_HOST: '0.0.0.0',
    });
    expect(c.embedded).toBe(false);
    expect(c.database.poolMax).toBe(4);
  });
});

describe('documentation', () => {
  const root = join(__dirname, '..', '..', '..');
  it('.env.example is current', () => {
    expect(readFileSync(join(root, '.env.example'), 'utf8')).toBe(envExample());
  });

  it('README carries the current configuration table', () => {
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(configTableMarkdown());
  });

  it('README and .env.example document every variable', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const example = readFileSync(join(root, '.env.example'), 'utf8');
    for (const name of allVariableNames()) {
      expect({ name, inReadme: readme.includes('`' + name + '`') }).toEqual({ name, inReadme: true });
      expect({ name, inExample: new RegExp(`^#? ?${name}=`, 'm').test(example) }).toEqual({ name, inExample: true });
    }
  });
});
