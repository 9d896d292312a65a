import type { LiveUpdate } from './types';

/** How often (ms) a waiting page's pump asks whether anything is due when nothing arrived. */
const IDLE_CHECK_MS = 1_000;

/** What the pump hands out updates from (LiveEngine). */
export interface UpdateSource {
  /** Ms until an update is worth sending; null when nothing would change. */
  dueInMs(): number | null;
  update(): LiveUpdate;
}

/**
 * Hands updates to the page only when it asks (pull): the page asks again once it has
 * rendered and rested, so a flood of windows never queues updates faster than they are
 * drawn. Shared by the worker and the in-page fallback.
 */
export class UpdatePump {
  private wanted = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly engine: UpdateSource,
    private readonly send: (update: LiveUpdate) => void,
  ) {}

  /** The page is ready for the next update. */
  pull(): void {
    this.wanted = true;
    this.poke();
  }

  /** Something changed (or may be due): send if the page is waiting. */
  poke(): void {
    if (!this.wanted) return;
    // A timer armed for series that were not due yet must not hold back newer data.
    clearTimeout(this.timer);
    this.timer = undefined;
    // Nothing due: look again in a second, as periods move on with the receiver's clock.
    const dueInMs = this.engine.dueInMs() ?? IDLE_CHECK_MS;
    if (dueInMs > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.poke();
      }, dueInMs);
      return;
    }
    this.wanted = false;
    this.send(this.engine.update());
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
