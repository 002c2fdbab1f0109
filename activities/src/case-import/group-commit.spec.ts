import { GroupCommit } from './group-commit';

/** A write the test completes by hand, so what queues while it is under way can be observed. */
function manualWrites() {
  const calls: { items: readonly number[]; finish: (error?: Error) => void }[] = [];
  const write = (items: readonly number[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ items: [...items], finish: (error) => (error ? reject(error) : resolve()) });
    });
  return { calls, write };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('writes the first item at once and everything that queued meanwhile in one next write', async () => {
    const { calls, write } = manualWrites();
    const group = new GroupCommit(write, 100);
    const first = group.add(1);
    const rest = [2, 3, 4, 5].map((n) => group.add(n));
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1]]);
    calls[0].finish();
    await first;
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3, 4, 5]]);
    calls[1].finish();
    await Promise.all(rest);
  });

  it('resolves an item only when its own write has succeeded', async () => {
    const { calls, write } = manualWrites();
    const group = new GroupCommit(write, 100);
    let settled = false;
    const added = group.add(7).then(() => (settled = true));
    await tick();
    expect(settled).toBe(false);
    calls[0].finish();
    await added;
    expect(settled).toBe(true);
  });

  it('splits a long queue into writes of at most maxBatch items, in order', async () => {
    const { calls, write } = manualWrites();
    const group = new GroupCommit(write, 2);
    const first = group.add(0);
    const rest = [1, 2, 3, 4, 5].map((n) => group.add(n));
    for (let i = 0; i < 4; i++) {
      await tick();
      calls[i].finish();
    }
    await Promise.all([first, ...rest]);
    expect(calls.map((c) => c.items)).toEqual([[0], [1, 2], [3, 4], [5]]);
  });

  it('rejects the items of a failed write with its error and goes on with the next ones', async () => {
    const { calls, write } = manualWrites();
    const group = new GroupCommit(write, 100);
    const first = group.add(1);
    const second = group.add(2);
    const third = group.add(3);
    await tick();
    calls[0].finish();
    await first;
    await tick();
    calls[1].finish(new Error('commit failed'));
    await expect(second).rejects.toThrow('commit failed');
    await expect(third).rejects.toThrow('commit failed');
    const fourth = group.add(4);
    await tick();
    expect(calls[2].items).toEqual([4]);
    calls[2].finish();
    await expect(fourth).resolves.toBeUndefined();
  });
});
