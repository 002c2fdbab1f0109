/**
 * Group commit: items added while a write is under way go out together in the next one (at most `maxBatch` per
 * write), so a steady stream of items costs one write per round instead of one per item. Each `add` resolves when
 * the write that carried its item has succeeded, and rejects with that write's error otherwise.
 */
export class GroupCommit<T> {
  private queue: { item: T; settle: (error?: Error) => void }[] = [];
  private writing = false;

  constructor(
    private readonly write: (items: readonly T[]) => Promise<void>,
    private readonly maxBatch: number,
  ) {}

  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, settle: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await this.write(batch.map((b) => b.item));
        for (const b of batch) b.settle();
      } catch (error) {
        const reason = error instanceof Error ? error : new Error(`group write failed: ${String(error)}`);
        for (const b of batch) b.settle(reason);
      }
    }
    this.writing = false;
  }
}
