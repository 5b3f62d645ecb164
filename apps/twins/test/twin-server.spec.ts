import { generateSlackWorkspace, SlackTwin } from '../src';

describe('twin server', () => {
  it('rejects listen on a busy port (no unhandled error), and can then listen elsewhere', async () => {
    const first = new SlackTwin(generateSlackWorkspace({ messages: 1, threads: 0 }));
    const url = await first.listen();
    const port = Number(new URL(url).port);
    const second = new SlackTwin(generateSlackWorkspace({ messages: 1, threads: 0 }));
    await expect(second.listen(port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await expect(second.listen()).resolves.toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await second.close();
    await first.close();
  });
});
