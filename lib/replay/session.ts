import { Lookbacks, type Lookback } from './lookback';
import type { Recording } from './types';

/** What a tab's replay sends, in the samples stream's own events. */
export type SessionEvent =
  | { type: 'history'; text: string }
  | { type: 'sample'; text: string }
  | { type: 'parity'; text: string };

export interface SessionOptions {
  /** Where the tab stands (ms since the recording started). */
  positionMs: number;
  /** Recorded ms per wall ms; 0 holds the position (paused). */
  speed: number;
  emit(event: SessionEvent): void;
  /** The lookback for a position; the caller's cache (Lookbacks.at) is shared by its sessions. */
  lookback?: (positionMs: number) => Lookback;
  now?: () => number;
}

/** Raw lookback messages sent per turn of the event loop, so the stream drains between. */
const LOOKBACK_SLICE = 200;
/** Timer period (ms) while playing: a fast replay costs few wake-ups. */
const TICK_MS = 50;

/**
 * One tab's replay: first what the tab needs to stand at its position (lookback), then
 * every message after it at `speed`, with the times it was recorded with (the tab's
 * clock is the replay's: lib/replay/clock.ts). Stops at the recording's end; the tab
 * decides whether to loop.
 */
export class ReplaySession {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private next = 0;
  private startedWallMs = 0;

  constructor(
    private readonly recording: Recording,
    private readonly options: SessionOptions,
  ) {}

  start(): void {
    const { positionMs } = this.options;
    const lookback =
      this.options.lookback?.(positionMs) ?? new Lookbacks(this.recording).at(positionMs);
    if (lookback.historyText) this.options.emit({ type: 'history', text: lookback.historyText });
    this.next = firstAfter(this.recording, positionMs);
    this.startedWallMs = this.now();
    this.sendLookback(lookback.raw, 0);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  get done(): boolean {
    return this.stopped || this.next >= this.recording.messages.length;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private sendLookback(raw: number[], from: number): void {
    if (this.stopped) return;
    const until = Math.min(raw.length, from + LOOKBACK_SLICE);
    for (let i = from; i < until; i++) this.emitMessage(raw[i]!);
    if (until < raw.length) {
      this.timer = setTimeout(() => this.sendLookback(raw, until), 0);
      return;
    }
    if (this.options.speed > 0) this.tick();
  }

  private tick(): void {
    if (this.stopped) return;
    const { messages } = this.recording;
    const reachedMs =
      this.options.positionMs + (this.now() - this.startedWallMs) * this.options.speed;
    while (this.next < messages.length && messages[this.next]!.t <= reachedMs) {
      this.emitMessage(this.next);
      this.next += 1;
    }
    if (this.next < messages.length) this.timer = setTimeout(() => this.tick(), TICK_MS);
  }

  private emitMessage(index: number): void {
    const m = this.recording.messages[index]!;
    const kind = this.recording.kinds[index];
    if (kind === 'parity') this.options.emit({ type: 'parity', text: m.d });
    else if (kind === 'e2e' || kind === 'probe') this.options.emit({ type: 'sample', text: m.d });
  }
}

/** Index of the first message recorded after positionMs. */
function firstAfter(recording: Recording, positionMs: number): number {
  const { messages } = recording;
  let lo = 0;
  let hi = messages.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (messages[mid]!.t <= positionMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
