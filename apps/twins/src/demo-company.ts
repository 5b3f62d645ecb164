import { NotionSeed } from './notion/notion.seed';
import { SentrySeed } from './sentry/sentry.seed';
import { SlackSeed } from './slack/slack.seed';

/**
 * A small but realistic company for the demo: an incident in Sentry (payments timing out after a
 * deploy), the Slack thread where the team handled it, and the Notion runbook the fix touched.
 */
export function demoCompany(): { slack: SlackSeed; notion: NotionSeed; sentry: SentrySeed } {
  const slack: SlackSeed = {
    team: { id: 'T0ACMEDEMO', name: 'Acme Payments', domain: 'acme-payments' },
    tokens: ['xoxb-demo-token'],
    users: [
      { id: 'U0ALICE', name: 'alice', real_name: 'Alice Ops' },
      { id: 'U0BOB', name: 'bob', real_name: 'Bob Backend' },
      { id: 'U0GAIL', name: 'gail', real_name: 'Gail Contractor', is_restricted: true },
      { id: 'U0EVE', name: 'eve', real_name: 'Eve (Payline)', team_id: 'T0PAYLINE' },
      { id: 'U0DEPLOY', name: 'deploybot', real_name: 'Deploy Bot', is_bot: true },
    ],
    channels: [
      { id: 'C0INCIDENTS', name: 'incidents', topic: 'Active incidents. Page #oncall first.' },
      { id: 'C0DEPLOYS', name: 'deploys' },
      { id: 'C0PAYLINE', name: 'payline-shared', is_ext_shared: true },
    ],
    messages: [
      { channel: 'C0DEPLOYS', ts: '1763900000.000100', user: 'U0DEPLOY', text: 'payments-api 1.4.2 deployed to production (canary 100%).' },
      { channel: 'C0INCIDENTS', ts: '1763900400.000100', user: 'U0ALICE', thread_ts: '1763900400.000100', text: ':rotating_light: INC-2231: payments-api returns 502 on /charge since 1.4.2. Sentry PAYMENTS-API-1 is spiking.' },
      { channel: 'C0INCIDENTS', ts: '1763900460.000200', user: 'U0BOB', thread_ts: '1763900400.000100', text: 'Timeouts to the Payline provider. 1.4.2 dropped the client timeout from 30s to 3s.' },
      { channel: 'C0INCIDENTS', ts: '1763900520.000300', user: 'U0EVE', thread_ts: '1763900400.000100', text: 'Payline here: our p99 is 4.1s today, nothing changed on our side.' },
      { channel: 'C0INCIDENTS', ts: '1763900580.000400', user: 'U0ALICE', thread_ts: '1763900400.000100', text: 'Rolling back to 1.4.1 and following the payments failover runbook in Notion (step 3 updated).' },
      { channel: 'C0INCIDENTS', ts: '1763900640.000500', user: 'U0GAIL', thread_ts: '1763900400.000100', text: 'Error rate back under 0.1% after the rollback. Leaving the incident open for the postmortem.' },
      { channel: 'C0PAYLINE', ts: '1763900700.000100', user: 'U0EVE', text: 'Reminder: Payline recommends a 10s client timeout with one retry for /charge.' },
    ],
  };
  const hex = (n: number) => n.toString(16).padStart(32, '0');
  const alice = hex(0xa11ce);
  const bob = hex(0xb0b);
  const notion: NotionSeed = {
    tokens: ['secret_demo_token'],
    bot: { id: hex(0xb07), name: 'ContextVault demo' },
    users: [
      { id: alice, name: 'Alice Ops', email: 'alice@acme.example' },
      { id: bob, name: 'Bob Backend', email: 'bob@acme.example' },
    ],
    databases: [],
    pages: [
      { id: hex(1), title: 'Payments Engineering', parent: { workspace: true }, created_by: alice, blocks: [{ type: 'paragraph', text: 'Runbooks and decisions of the payments team.' }] },
      {
        id: hex(2),
        title: 'Runbook: payments failover',
        parent: { page_id: hex(1) },
        created_by: alice,
        last_edited_by: bob,
        blocks: [
          { type: 'callout', icon: '⚠️', text: 'Page the incident commander before changing production.' },
          { type: 'heading_2', text: 'When Payline times out' },
          { type: 'numbered_list_item', text: 'Check Sentry for TimeoutError in payments/client.py.' },
          { type: 'numbered_list_item', text: 'Compare the deploy log in #deploys with the start of the errors.' },
          { type: 'numbered_list_item', text: 'Roll back the last payments-api release:' },
          { type: 'code', language: 'bash', text: 'kubectl -n payments rollout undo deploy/payments-api' },
          { type: 'numbered_list_item', text: 'Keep the client timeout at 10s with one retry (Payline guidance).' },
          { type: 'to_do', text: 'Post status in #incidents every 30 minutes', checked: false },
          { type: 'table', cells: [['Signal', 'Threshold'], ['5xx rate', '1%'], ['p99 latency', '2 s']] },
        ],
      },
      { id: hex(3), title: 'ADR-12: client timeouts for payment providers', parent: { page_id: hex(1) }, created_by: bob, blocks: [{ type: 'paragraph', text: [{ text: 'Decision: 10 s timeout, one retry. Owner: ' }, { mention: { user: bob } }] }] },
    ],
  };
  const sentry: SentrySeed = {
    tokens: ['sntrys_demo_token'],
    organizations: [{ id: '1', slug: 'acme', name: 'Acme Payments' }],
    projects: [{ id: '100', slug: 'payments-api', name: 'Payments API', organization: 'acme', platform: 'python' }],
    issues: [
      { id: '7001', project: 'payments-api', title: 'TimeoutError: Payline /charge timed out after 3.0s', culprit: 'payments/client.py in charge', level: 'error', firstSeen: '2025-11-23T12:20:00Z', lastSeen: '2025-11-23T12:49:00Z', count: 1834, userCount: 412 },
      { id: '7002', project: 'payments-api', title: 'KeyError: currency', culprit: 'payments/checkout.py in total', level: 'warning', firstSeen: '2025-11-20T08:00:00Z', lastSeen: '2025-11-22T09:00:00Z', count: 12, userCount: 3 },
    ],
    events: [
      {
        eventID: 'a'.repeat(32),
        issueId: '7001',
        dateCreated: '2025-11-23T12:49:00Z',
        message: 'TimeoutError: Payline /charge timed out after 3.0s',
        release: 'payments-api@1.4.2',
        environment: 'production',
        tags: [{ key: 'server_name', value: 'payments-api-7d9f' }, { key: 'provider', value: 'payline' }],
        user: { id: 'cust-1209', email: 'customer@example.com' },
        exception: { type: 'TimeoutError', value: 'Payline /charge timed out after 3.0s', frames: [{ function: 'post_charge', filename: 'payments/api.py', lineNo: 88 }, { function: 'charge', filename: 'payments/client.py', lineNo: 142 }] },
        breadcrumbs: [{ timestamp: '2025-11-23T12:48:57Z', category: 'http', message: 'POST https://api.payline.example/charge' }, { timestamp: '2025-11-23T12:49:00Z', category: 'error', message: 'read timeout (3.0s)' }],
      },
      { eventID: 'b'.repeat(32), issueId: '7002', dateCreated: '2025-11-22T09:00:00Z', message: "KeyError: 'currency'", environment: 'production', exception: { type: 'KeyError', value: "'currency'", frames: [{ function: 'total', filename: 'payments/checkout.py', lineNo: 51 }] } },
    ],
  };
  return { slack, notion, sentry };
}
