import { Pacer } from './pacer';

describe('Pacer', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('spaces callers that wait at the same time one slot apart', async () => {
    // 600 a minute: one call every 100 ms, plus the 5 % margin (105 ms).
    const pacer = new Pacer({ api: 600 });
    const started: number[] = [];
    const calls = Array.from({ length: 5 }, () => pacer.wait('api').then(() => started.push(Date.now() - 1_000_000)));
    await jest.advanceTimersByTimeAsync(1_000);
    await Promise.all(calls);
    expect(started).toEqual([0, 105, 210, 315, 420]);
  });

  it('keeps the spacing when calls arrive while others are waiting', async () => {
    const pacer = new Pacer({ api: 600 });
    const started: number[] = [];
    const first = [pacer.wait('api'), pacer.wait('api')].map((p) => p.then(() => started.push(Date.now() - 1_000_000)));
    await jest.advanceTimersByTimeAsync(50);
    const later = [pacer.wait('api'), pacer.wait('api')].map((p) => p.then(() => started.push(Date.now() - 1_000_000)));
    await jest.advanceTimersByTimeAsync(1_000);
    await Promise.all([...first, ...later]);
    expect(started).toEqual([0, 105, 210, 315]);
  });

  it('holds every call of a method until Retry-After has passed', async () => {
    const pacer = new Pacer({ api: 600 });
    pacer.backOff('api', 2);
    const started: number[] = [];
    const call = pacer.wait('api').then(() => started.push(Date.now() - 1_000_000));
    await jest.advanceTimersByTimeAsync(3_000);
    await call;
    expect(started).toEqual([2_050]);
  });

  it('measures each gap from when the previous call went out, so a late timer never shortens the next gap', async () => {
    jest.useRealTimers();
    const pacer = new Pacer({ api: 600 }); // 105 ms apart
    const started: number[] = [];
    const calls = Array.from({ length: 3 }, () => pacer.wait('api').then(() => started.push(Date.now())));
    await calls[0];
    // The event loop is busy well past the second call's time: its timer fires late.
    const until = Date.now() + 250;
    while (Date.now() < until);
    await Promise.all(calls);
    expect(started[1] - started[0]).toBeGreaterThanOrEqual(105);
    expect(started[2] - started[1]).toBeGreaterThanOrEqual(105);
  });

  it('keeps the line moving when a waiting caller is aborted: the callers behind it are answered, not left hanging', async () => {
    const abort = new AbortController();
    const pacer = new Pacer({ api: 600 }, abort.signal);
    await pacer.wait('api');
    const second = pacer.wait('api');
    const third = pacer.wait('api');
    abort.abort();
    await expect(second).rejects.toThrow('aborted');
    await expect(third).rejects.toThrow('aborted');
  });
});
