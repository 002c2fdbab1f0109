import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@frist/config';
import {
  latestTaskChangeId,
  oldestTaskChangeId,
  type OutboxPosition,
  readTaskChanges,
  readTaskChangesBetween,
  type TaskChange,
} from '@frist/persistence';

/** How often the one shared poller reads the outbox while anyone listens, and how much per read. */
const POLL_MS = 500;
const BATCH = 500;
/** How long a hole in the outbox ids may be an uncommitted row before the feed steps over it. */
const GAP_WAIT_MS = 5_000;
/** A resume (Last-Event-ID) replays at most this many changes; a client further behind is told to reload. */
export const MAX_REPLAY = 5_000;
const REPLAY_PAGE = 1_000;

interface Listener {
  teams: ReadonlySet<string>;
  /** Highest id sent, so replay and live never send one twice. */
  lastSent: bigint;
  /** Live changes that arrive while the replay still runs. */
  queue: TaskChange[] | null;
  send(change: TaskChange): void;
  end(): void;
  reset(): void;
}

export interface Subscription {
  close(): void;
}

/**
 * One outbox poller per process, fanning task changes out to every open stream by team, so a hundred open
 * streams cost one query per tick, and none while nobody listens.
 */
@Injectable()
export class TaskChangeFeed implements OnModuleDestroy {
  private readonly logger = new Logger(TaskChangeFeed.name);
  private readonly listeners = new Set<Listener>();
  private position: OutboxPosition | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  get size(): number {
    return this.listeners.size;
  }

  /**
   * Starts sending changes of `teams` to `send`: first those after `lastEventId` (a resume), then live ones.
   * Resolves once the listener is registered, so nothing committed afterwards can be missed.
   */
  async subscribe(
    teams: string[],
    lastEventId: string | undefined,
    sink: Pick<Listener, 'send' | 'end' | 'reset'>,
  ): Promise<Subscription> {
    // An idle feed starts at the newest change: a position from before nobody listened would replay old news.
    let position = this.position;
    if (!position || this.listeners.size === 0) {
      position = { cursor: await latestTaskChangeId(this.dataSource) };
      if (this.listeners.size === 0 || !this.position) this.position = position;
    }
    const upTo = position.cursor;
    const from = lastEventId !== undefined && BigInt(lastEventId) < BigInt(upTo) ? lastEventId : undefined;
    const ahead = lastEventId !== undefined && BigInt(lastEventId) > BigInt(upTo) ? BigInt(lastEventId) : undefined;
    const listener: Listener = {
      teams: new Set(teams),
      lastSent: ahead ?? BigInt(from ?? upTo),
      queue: from !== undefined ? [] : null,
      ...sink,
    };
    this.listeners.add(listener);
    this.schedule();
    if (from !== undefined) void this.replay(listener, from, upTo);
    return { close: () => this.listeners.delete(listener) };
  }

  /** Ends every open stream before the HTTP server closes (it would otherwise wait for them). */
  onModuleDestroy(): void {
    clearTimeout(this.timer);
    for (const l of this.listeners) l.end();
    this.listeners.clear();
  }

  private async replay(listener: Listener, from: string, upTo: string): Promise<void> {
    try {
      // Retention pruned changes right after `from` (the oldest kept id is further on): the client missed some.
      const oldest = await oldestTaskChangeId(this.dataSource);
      if (oldest !== null && BigInt(from) + 1n < BigInt(oldest)) {
        this.listeners.delete(listener);
        listener.reset();
        return;
      }
      const teams = [...listener.teams];
      let after = from;
      for (let sent = 0; ;) {
        const page = await readTaskChangesBetween(this.dataSource, teams, after, upTo, REPLAY_PAGE);
        for (const c of page) this.deliver(listener, c);
        sent += page.length;
        const last = page[page.length - 1];
        if (!last || page.length < REPLAY_PAGE) break;
        if (sent >= MAX_REPLAY) {
          this.listeners.delete(listener);
          listener.reset();
          return;
        }
        after = last.id;
      }
    } catch (err) {
      this.logger.warn(`replay failed: ${String(err)}`);
    } finally {
      const queued = listener.queue ?? [];
      listener.queue = null;
      // A reset (or a closed stream) took the listener out: nothing more may be written to it.
      if (this.listeners.has(listener)) for (const c of queued) this.deliver(listener, c);
    }
  }

  private deliver(listener: Listener, c: TaskChange): void {
    const id = BigInt(c.id);
    // Closed streams leave the set; a replay still running for one must not write to it.
    if (id <= listener.lastSent || !this.listeners.has(listener)) return;
    listener.lastSent = id;
    listener.send(c);
  }

  private schedule(): void {
    if (this.timer || this.polling || this.listeners.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.polling = this.poll().finally(() => {
        this.polling = undefined;
        this.schedule();
      });
    }, POLL_MS);
  }

  private async poll(): Promise<void> {
    if (!this.position) return;
    try {
      for (;;) {
        const { changes, position } = await readTaskChanges(this.dataSource, this.position, {
          limit: BATCH,
          nowMs: this.clock.now().getTime(),
          gapWaitMs: GAP_WAIT_MS,
        });
        this.position = position;
        for (const c of changes)
          for (const l of this.listeners) {
            if (!l.teams.has(c.team)) continue;
            if (l.queue) l.queue.push(c);
            else this.deliver(l, c);
          }
        if (changes.length < BATCH) return;
      }
    } catch (err) {
      // The database may be briefly away; streams stay open and the next tick retries from the same position.
      this.logger.warn(`outbox poll failed: ${String(err)}`);
    }
  }
}
