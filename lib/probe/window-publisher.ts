import { encodeHistogramWindow, LATENCY_KINDS, samplesSubject } from '@/lib/samples';
import type { Report } from './types';
import type { RecordedWindow } from './window-recorder';

/** One protocol-v1 report per window and latency kind; errors ride on the e2e window only. */
export function windowReports(
  windows: readonly RecordedWindow[],
  probeId: string,
  samplesTopic: string,
): Report[] {
  const reports: Report[] = [];
  for (const w of windows) {
    for (const metric of LATENCY_KINDS) {
      reports.push({
        subject: samplesSubject(w.backend, probeId),
        topic: samplesTopic,
        key: w.backend,
        text: encodeHistogramWindow(
          { ...w, metric, probeId, errors: metric === 'e2e' ? w.errors : 0 },
          w.histograms[metric],
        ),
      });
    }
  }
  return reports;
}

/**
 * Calls `publish` at every windowMs boundary of the wall clock, without awaiting it: a
 * stalled broker must not hold back the next window on the other transport.
 */
export class WindowTicker {
  private timer: NodeJS.Timeout | undefined;
  private halted = false;

  constructor(
    private readonly windowMs: number,
    private readonly publish: (boundaryMs: number) => Promise<void>,
  ) {}

  start(): void {
    const w = this.windowMs;
    this.timer = setTimeout(
      () => {
        // Timers fire a little early or late; the boundary meant is the nearest one.
        const boundaryMs = Math.round(Date.now() / w) * w;
        void this.publish(boundaryMs);
        if (!this.halted) this.start();
      },
      w - (Date.now() % w),
    );
  }

  /** No window after the one already due; that one still fires unless cleared. */
  halt(): void {
    this.halted = true;
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}
