import type { Histogram } from 'hdr-histogram-js';
import { newLatencyHistogram, type LatencyKind } from '@/lib/samples';

/** What one backend measured in one window, per metric. */
export interface RecordedWindow {
  backend: string;
  windowStartMs: number;
  windowEndMs: number;
  errors: number;
  bytes: number;
  /** Deliveries in this window written by another probe or writer: not in the histograms. */
  foreign: number;
  /** Deliveries in this window written by an earlier run of this probe: not in the histograms. */
  stale: number;
  /** µs histograms: e2e (intended → consumed), publish (send → ack), send_delay (intended → send). */
  histograms: Record<LatencyKind, Histogram>;
}

function histograms(): Record<LatencyKind, Histogram> {
  return {
    e2e: newLatencyHistogram(),
    publish: newLatencyHistogram(),
    send_delay: newLatencyHistogram(),
  };
}

/**
 * Accumulates one backend's measurements for the current window and, across the
 * whole run, for the final summary.
 */
export class WindowRecorder {
  private window = histograms();
  private errors = 0;
  private bytes = 0;
  private others = { foreign: 0, stale: 0 };
  readonly total = histograms();
  totalErrors = 0;
  totalConsumed = 0;
  /** Deliveries of the whole run that it did not write, by kind. */
  readonly totalOthers = { foreign: 0, stale: 0 };

  constructor(
    readonly backend: string,
    private windowStartMs: number,
  ) {}

  /** Records one value in µs; a clock step backwards must not crash the histogram, so 0 is the floor. */
  record(metric: LatencyKind, us: number): void {
    const v = Math.max(0, Math.round(us));
    this.window[metric].recordValue(v);
    this.total[metric].recordValue(v);
  }

  consumed(e2eUs: number, bytes: number): void {
    this.record('e2e', e2eUs);
    this.bytes += bytes;
    this.totalConsumed += 1;
  }

  /** Counts one delivery this run did not write; it is kept out of every histogram. */
  other(kind: 'foreign' | 'stale'): void {
    this.others[kind] += 1;
    this.totalOthers[kind] += 1;
  }

  recordError(): void {
    this.recordErrors(1);
  }

  /** Counts n messages that failed to reach the broker (failed sends, skipped messages). */
  recordErrors(n: number): void {
    this.errors += n;
    this.totalErrors += n;
  }

  /**
   * Closes the current window at endMs and starts the next one. Returns null, and
   * keeps recording into the same window, if endMs is not after the window's start.
   */
  rotate(endMs: number): RecordedWindow | null {
    if (endMs <= this.windowStartMs) return null;
    const done: RecordedWindow = {
      backend: this.backend,
      windowStartMs: this.windowStartMs,
      windowEndMs: endMs,
      errors: this.errors,
      bytes: this.bytes,
      ...this.others,
      histograms: this.window,
    };
    this.window = histograms();
    this.errors = 0;
    this.bytes = 0;
    this.others = { foreign: 0, stale: 0 };
    this.windowStartMs = endMs;
    return done;
  }
}
