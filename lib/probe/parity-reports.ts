import {
  encodeParity,
  type ParityLedger,
  paritySubject,
  progress,
  type ParityTotals,
  type PerSide,
} from '@/lib/parity';
import type { Report } from './types';

export interface ParityReportOptions {
  probeId: string;
  parityTopic: string;
  ledger: string;
  target: number;
}

/** Windows the parity rate and ETA are taken over: steadier than one, still live. */
const RATE_WINDOWS = 10;

/** Encodes the ledger's state each window, with its rate and ETA towards the target. */
export class ParityReports {
  private readonly history: { atMs: number; totals: ParityTotals }[] = [];

  constructor(
    private readonly ledger: ParityLedger,
    private readonly options: ParityReportOptions,
    private readonly others: (kind: 'foreign' | 'stale') => PerSide,
  ) {}

  /** The run's start: the first point the rate is measured from. */
  mark(atMs: number): void {
    this.history.push({ atMs, totals: this.ledger.snapshot() });
  }

  /** Expires what is overdue at this moment, then reports the ledger. */
  report(): Report {
    const p = this.options;
    const atMs = Date.now();
    this.ledger.expire(atMs);
    const totals = this.ledger.snapshot();
    this.history.push({ atMs, totals });
    if (this.history.length > RATE_WINDOWS + 1) this.history.shift();
    const first = this.history[0]!;
    const prog = progress(p.target, first.totals, totals, atMs - first.atMs);
    return {
      subject: paritySubject(p.probeId),
      topic: p.parityTopic,
      key: p.probeId,
      text: encodeParity({
        probeId: p.probeId,
        ledger: p.ledger,
        atMs,
        target: p.target,
        inFlight: this.ledger.inFlight,
        totals,
        ratePerSecond: prog.ratePerSecond,
        etaSeconds: prog.etaSeconds,
        offenders: this.ledger.recentOffenders().slice(-20),
        foreign: this.others('foreign'),
        stale: this.others('stale'),
      }),
    };
  }
}
