import type { Histogram } from 'hdr-histogram-js';
import { newLatencyHistogram } from '@/lib/samples';

/** What one backend measured in one window. */
export interface RecordedWindow {
  backend: string;
  windowStartMs: number;
  windowEndMs: number;
  errors: number;
  bytes: number;
  /** End-to-end latency, intended send → consumed, µs. */
  histogram: Histogram;
}

/**
 * Accumulates one backend's measurements for the current window and, across the
 * whole run, for the final summary.
 */
export class WindowRecorder {
  private window = newLatencyHistogram();
  private errors = 0;
  private bytes = 0;
  readonly total = newLatencyHistogram();
  totalErrors = 0;
  totalConsumed = 0;

  constructor(
    readonly backend: string,
    private windowStartMs: number,
  ) {}

  recordLatency(latencyUs: number, bytes: number): void {
    // A clock step backwards must not crash the histogram; 0 is the honest floor.
    const us = Math.max(0, Math.round(latencyUs));
    this.window.recordValue(us);
    this.total.recordValue(us);
    this.bytes += bytes;
    this.totalConsumed += 1;
  }

  recordError(): void {
    this.errors += 1;
    this.totalErrors += 1;
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
      histogram: this.window,
    };
    this.window = newLatencyHistogram();
    this.errors = 0;
    this.bytes = 0;
    this.windowStartMs = endMs;
    return done;
  }
}
