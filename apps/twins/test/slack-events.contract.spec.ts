import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describeWithSharedData } from '@ctxvault/testing';
import { SlackTwin } from '../src/slack/slack.twin';
import { shapeMismatches } from './shape';

/** The Events API callbacks the twin sends, against the real ones recorded for the same actions. */
describeWithSharedData('Slack twin contract: Events API deliveries match the real ones in structure', 'fixtures/slack/events_api_message_shapes', (dir) => {
  const real = (f: string) => JSON.parse(readFileSync(join(dir, `mercury_SlackWebhookEvent_${f}.json`), 'utf8'));
  let twin: SlackTwin;
  let twinUrl: string;
  let server: Server;
  const received: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    twin = new SlackTwin({ team: { id: 'T1', name: 't', domain: 't' }, users: [{ id: 'U1', name: 'u' }], channels: [{ id: 'C1', name: 'general' }], messages: [] });
    twinUrl = await twin.listen();
    await fetch(`${twinUrl}/_twin/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, signingSecret: 's' }) });
  });
  afterAll(async () => {
    await twin.close();
    await new Promise((r) => server.close(r));
  });

  const control = (path: string, body: unknown) => fetch(`${twinUrl}/_twin/messages/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<{ ts: string }>);

  it('a posted message', async () => {
    await control('post', { channel: 'C1', user: 'U1', text: 'hello' });
    expect(shapeMismatches(real('messageExample'), received.at(-1))).toEqual([]);
  });

  it('an edited message (link unfurls, which only links get, aside)', async () => {
    // The recorded edit was of a message holding a link, as here.
    const { ts } = await control('post', { channel: 'C1', user: 'U1', text: '<https://example.slack.com/archives/C1/p1>' });
    await control('edit', { channel: 'C1', ts, text: 'see <https://example.slack.com/archives/C1/p2>' });
    const ignore = [/\.attachments$/];
    expect(shapeMismatches(real('messageChange'), received.at(-1), '$', ignore)).toEqual([]);
  });

  it('a deleted message', async () => {
    const { ts } = await control('post', { channel: 'C1', user: 'U1', text: 'to delete' });
    await control('delete', { channel: 'C1', ts });
    expect(shapeMismatches(real('message_deleted'), received.at(-1))).toEqual([]);
  });
});
