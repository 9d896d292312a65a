import { shiftTimes } from './format';
import type { Recording } from './reader';

export interface PlayerOptions {
  /** 1 = as recorded; 10 = ten times faster. */
  speed: number;
  /** Called with each message's subject and (time-shifted) body. */
  emit(subject: string, body: string): void;
  now?: () => number;
}

/**
 * Plays a recording in a loop at `speed`, shifting every time field so that each loop
 * starts "now". Timers are batched per 50 ms so a fast replay costs few wake-ups.
 */
export class ReplayPlayer {
  private timer: NodeJS.Timeout | undefined;
  private index = 0;
  private loopStartMs = 0;
  private stopped = false;
  loops = 0;

  constructor(
    private readonly recording: Recording,
    private readonly options: PlayerOptions,
  ) {}

  start(): void {
    if (this.recording.messages.length === 0) return;
    this.beginLoop();
    this.tick();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private beginLoop(): void {
    this.index = 0;
    this.loopStartMs = this.now();
    this.loops += 1;
  }

  private tick(): void {
    if (this.stopped) return;
    const { messages, header } = this.recording;
    const recordedStartMs = Date.parse(header.recordedAt);
    const elapsedMs = (this.now() - this.loopStartMs) * this.options.speed;
    // A recorded time T is shown as loopStart + T / speed: windows keep their spacing in replay time.
    while (this.index < messages.length && (messages[this.index] as { t: number }).t <= elapsedMs) {
      const m = messages[this.index]!;
      const shiftMs = this.loopStartMs + m.t / this.options.speed - (recordedStartMs + m.t);
      // Whole seconds keep windows aligned to the 1-second slots they were recorded in.
      this.options.emit(m.s, shiftTimes(m.d, Math.round(shiftMs / 1000) * 1000));
      this.index += 1;
    }
    if (this.index >= messages.length) this.beginLoop();
    this.timer = setTimeout(() => this.tick(), 50);
  }
}
