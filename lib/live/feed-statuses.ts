import type { FeedStatus, Transport } from '@/lib/samples';

/** Statuses kept waiting per feed for a page that stops asking (a hidden tab draws no frames). */
const MAX_WAITING = 8;

/**
 * Each feed's status as the page shows it, and the statuses not shown yet. Each one is
 * shown for at least one update, in order: a NATS restart can drop and restore the
 * connection within one render, and the page must still say it reconnected rather than
 * never leave "live".
 */
export class FeedStatuses {
  private readonly shown: Record<Transport, FeedStatus> = {
    nats: { type: 'connecting' },
    kafka: { type: 'connecting' },
  };
  private readonly waiting: Record<Transport, FeedStatus[]> = { nats: [], kafka: [] };

  /** A feed's new status, shown after those still waiting; only the newest few wait. */
  push(transport: Transport, status: FeedStatus): void {
    const queue = this.waiting[transport];
    queue.push(status);
    if (queue.length > MAX_WAITING) queue.shift();
  }

  /** True while a status waits to be shown. */
  pending(): boolean {
    return this.waiting.nats.length > 0 || this.waiting.kafka.length > 0;
  }

  /** Moves each feed on to its next waiting status, if any: once per update. */
  advance(): void {
    for (const t of ['nats', 'kafka'] as const) {
      const next = this.waiting[t].shift();
      if (next) this.shown[t] = next;
    }
  }

  /** The status a feed shows now. */
  get(transport: Transport): FeedStatus {
    return this.shown[transport];
  }
}
