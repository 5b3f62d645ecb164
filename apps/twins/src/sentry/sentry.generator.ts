import { SentrySeed } from './sentry.seed';

/** A deterministic organization with `issues` issues across projects, each with one or two events. */
export function generateSentryOrganization(opts: { issues: number; projects?: number }): SentrySeed {
  const projects = Array.from({ length: opts.projects ?? 3 }, (_, i) => ({ id: String(100 + i), slug: ['payments-api', 'checkout-web', 'worker'][i] ?? `service-${i}`, name: ['Payments API', 'Checkout Web', 'Worker'][i] ?? `Service ${i}`, organization: 'acme', platform: 'python' }));
  const errors = [
    ['ConnectionError', 'could not connect to database primary', 'db/pool.py', 'acquire'],
    ['TimeoutError', 'upstream payment provider timed out after 30s', 'payments/client.py', 'charge'],
    ['KeyError', "'currency'", 'checkout/cart.py', 'total'],
    ['PermissionError', 'token lacks scope payments:write', 'auth/scopes.py', 'require'],
  ];
  const issues = [];
  const events = [];
  const base = Date.parse('2026-10-01T00:00:00Z');
  for (let i = 0; i < opts.issues; i++) {
    const p = projects[i % projects.length];
    const [type, value, file, fn] = errors[i % errors.length];
    const first = new Date(base + i * 60_000).toISOString();
    const last = new Date(base + i * 60_000 + 3_600_000).toISOString();
    const id = String(5000 + i);
    issues.push({ id, project: p.slug, title: `${type}: ${value} (#${i})`, culprit: `${file} in ${fn}`, level: 'error' as const, firstSeen: first, lastSeen: last, count: 3, userCount: 1 });
    events.push({
      eventID: `${id}`.padEnd(32, 'a'),
      issueId: id,
      dateCreated: last,
      message: `${type}: ${value}`,
      release: `${p.slug}@1.${i % 10}.0`,
      environment: 'production',
      tags: [{ key: 'level', value: 'error' }, { key: 'server_name', value: `web-${i % 4}` }],
      user: { id: `user-${i % 50}`, email: `user${i % 50}@example.com` },
      exception: { type, value, frames: [{ function: 'handle_request', filename: 'app/main.py', lineNo: 42 }, { function: fn, filename: file, lineNo: 100 + (i % 50) }] },
      breadcrumbs: [{ timestamp: first, category: 'http', message: 'POST /api/charge' }, { timestamp: last, category: 'query', message: 'SELECT * FROM orders WHERE id = $1' }],
    });
  }
  return { tokens: ['sntrys_twin_token'], organizations: [{ id: '1', slug: 'acme', name: 'Acme' }], projects, issues, events };
}
