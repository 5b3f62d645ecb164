import { NotionSeed, SeedBlock, SeedPage } from './notion.seed';

const hex = (n: number, salt: string) => (salt + n.toString(16)).padStart(32, '0').slice(-32);

/** A deterministic workspace: `pages` pages with nested blocks of every common type, a database with `rows` rows. */
export function generateNotionWorkspace(opts: { pages: number; rows?: number }): NotionSeed {
  const users = [
    { id: hex(1, 'a1'), name: 'Alice Ops', email: 'alice@acme.example' },
    { id: hex(2, 'a1'), name: 'Bob Backend', email: 'bob@acme.example' },
  ];
  const bot = { id: hex(9, 'b0'), name: 'ContextVault' };
  const root: SeedPage = { id: hex(1, 'c0'), title: 'Engineering Handbook', parent: { workspace: true }, created_by: users[0].id, blocks: [{ type: 'paragraph', text: 'Everything the on-call engineer needs.' }] };
  const pages: SeedPage[] = [root];
  for (let i = 0; i < opts.pages - 1; i++) {
    const blocks: SeedBlock[] = [
      { type: 'heading_1', text: `Runbook ${i}` },
      { type: 'paragraph', text: [{ text: 'Owner: ' }, { mention: { user: users[i % 2].id } }, { text: ' — read ' }, { text: 'carefully', bold: true }, { text: ' before acting.' }] },
      { type: 'callout', icon: '⚠️', text: 'Page the incident commander before any destructive step.' },
      { type: 'heading_2', text: 'Steps' },
      { type: 'numbered_list_item', text: 'Check the dashboard for error rates.', children: [{ type: 'bulleted_list_item', text: 'Compare regions.' }] },
      { type: 'numbered_list_item', text: 'Fail over if the primary is down.' },
      { type: 'code', language: 'bash', text: `kubectl -n payments rollout restart deploy/api-${i % 5}` },
      { type: 'to_do', text: 'Post an update in #incidents', checked: i % 3 === 0 },
      { type: 'toggle', text: 'Background', children: [{ type: 'paragraph', text: `Service ${i % 5} handles ${['payments', 'checkout', 'search', 'auth', 'billing'][i % 5]}.` }] },
      { type: 'table', cells: [['Metric', 'Threshold'], ['p99 latency', '500 ms'], ['error rate', '1%']] },
      { type: 'quote', text: 'Roll back first, debug later.' },
    ];
    pages.push({ id: hex(100 + i, 'd0'), title: `Runbook ${i}: ${['payments', 'checkout', 'search', 'auth', 'billing'][i % 5]}`, parent: { page_id: root.id }, created_by: users[i % 2].id, last_edited_by: users[(i + 1) % 2].id, blocks });
  }
  const ds = { id: hex(7, 'e0'), name: 'Incidents', properties: { Name: 'title' as const, Status: 'select' as const, Severity: 'number' as const, Resolved: 'checkbox' as const } };
  for (let i = 0; i < (opts.rows ?? 0); i++) {
    pages.push({ id: hex(5000 + i, 'f0'), title: `INC-${1000 + i}`, parent: { data_source_id: ds.id }, created_by: users[i % 2].id, properties: { Status: i % 2 ? 'Open' : 'Closed', Severity: (i % 4) + 1, Resolved: i % 2 === 0 }, blocks: [{ type: 'paragraph', text: `Postmortem notes for incident ${1000 + i}.` }] });
  }
  return { tokens: ['secret_twin_token'], bot, users, databases: [{ id: hex(6, 'e0'), title: 'Incidents', parent: { page_id: root.id }, data_sources: [ds] }], pages };
}
