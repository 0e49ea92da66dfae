import { ShortCache } from './short-cache';

describe('ShortCache', () => {
  const deferred = () => {
    let resolve!: (v: number) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<number>((res, rej) => ((resolve = res), (reject = rej)));
    return { promise, resolve, reject };
  };

  it('shares one read between callers, including a read still in flight', async () => {
    const cache = new ShortCache<number>();
    const read = deferred();
    const load = jest.fn(() => read.promise);
    const first = cache.get(load);
    const second = cache.get(load);
    read.resolve(1);
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    expect(await cache.get(load, true)).toBe(1);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('never makes a caller in a transaction wait for a read in flight: it reads on its own', async () => {
    const cache = new ShortCache<number>();
    const elsewhere = deferred(); // say, waiting for the pool connection the transaction holds
    void cache.get(() => elsewhere.promise);
    expect(await cache.get(async () => 2, true)).toBe(2);
    elsewhere.resolve(1);
  });

  it('reads again once the value is older than its ttl, or after a failed read', async () => {
    const cache = new ShortCache<number>(50);
    await expect(cache.get(() => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get(async () => 1)).toBe(1);
    expect(await cache.get(async () => 2)).toBe(1);
    await new Promise((r) => setTimeout(r, 60));
    expect(await cache.get(async () => 3)).toBe(3);
    cache.clear();
    expect(await cache.get(async () => 4)).toBe(4);
  });
});
