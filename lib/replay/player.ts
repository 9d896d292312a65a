import type { Recording } from './types';

export interface PlayerOptions {
  /** 1 = as recorded; 10 = ten times faster. */
  speed: number;
  /** Called with each message's subject and (time-shifted) body. */
  emit(subject: string, body: string): void;
  now?: () => number;
}

/**
 * The server's own replay, for /api/metrics: plays a recording's messages in a loop at
 * `speed`, shifting every time field so that each loop starts "now" by the server's
 * clock (its ingest judges windows by that clock). Tabs do not watch this one: each has
 * its own ReplaySession at the position its URL names. Timers are batched per 50 ms so
 * a fast replay costs few wake-ups.
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
    const { messages, startMs } = this.recording;
    const elapsedMs = (this.now() - this.loopStartMs) * this.options.speed;
    // A recorded time T is shown as loopStart + T / speed: windows keep their spacing in replay time.
    while (this.index < messages.length && messages[this.index]!.t <= elapsedMs) {
      const m = messages[this.index]!;
      const shiftMs = this.loopStartMs + m.t / this.options.speed - (startMs + m.t);
      // Whole seconds keep windows aligned to the 1-second slots they were recorded in.
      this.options.emit(m.s, shiftTimes(m.d, Math.round(shiftMs / 1000) * 1000));
      this.index += 1;
    }
    if (this.index >= messages.length) this.beginLoop();
    this.timer = setTimeout(() => this.tick(), 50);
  }
}

const TIME_FIELDS = ['windowStartMs', 'windowEndMs', 'atMs'] as const;

/**
 * Moves a recorded sample or parity message by shiftMs, so that a replay looks like
 * "now" on the charts and each loop of the recording is a new window for the
 * de-duplicator. Bodies that are not JSON objects are replayed unchanged.
 */
export function shiftTimes(body: string, shiftMs: number): string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return body;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return body;
  const obj = json as Record<string, unknown>;
  let changed = false;
  for (const f of TIME_FIELDS) {
    const v = obj[f];
    if (typeof v === 'number' && Number.isFinite(v)) {
      obj[f] = v + shiftMs;
      changed = true;
    }
  }
  return changed ? JSON.stringify(obj) : body;
}
