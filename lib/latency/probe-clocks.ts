import type { ProbeClock } from './types';

/** Probes whose clocks are tracked, at most (hostile probe ids cannot grow it). */
const MAX_PROBES = 100;

/** Each probe's clock against the receiver's, from its newest window, and its refused windows. */
export class ProbeClocks {
  private readonly clocks = new Map<string, ProbeClock>();

  /** A window of `probe` ended aheadMs after the receiver's clock read nowMs. */
  track(probe: string, aheadMs: number, nowMs: number): void {
    let clock = this.clocks.get(probe);
    if (!clock) {
      if (this.clocks.size >= MAX_PROBES) return;
      clock = { probe, aheadMs, atMs: nowMs, refused: 0 };
      this.clocks.set(probe, clock);
    }
    clock.aheadMs = aheadMs;
    clock.atMs = nowMs;
  }

  /** One of the probe's windows was refused. */
  refused(probe: string): void {
    const clock = this.clocks.get(probe);
    if (clock) clock.refused += 1;
  }

  /** Probe ids seen so far (at most MAX_PROBES kept), sorted. */
  probes(): string[] {
    return [...this.clocks.keys()].sort();
  }

  /** Every probe's clock, by probe id. */
  list(): ProbeClock[] {
    return [...this.clocks.values()].sort((a, b) => a.probe.localeCompare(b.probe));
  }
}
