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
});
