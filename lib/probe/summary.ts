import type { ParityTotals } from '@/lib/parity';
import type { Lane } from './lane';
import type { ConsumerMode } from './lane-consumer';
import type { SenderMode } from './lane-sender';

export interface BackendSummary {
  backend: string;
  /** Where this backend's sender ran. */
  sender: SenderMode;
  /** Where this backend's consumers ran. */
  consumer: ConsumerMode;
  sent: number;
  consumed: number;
  /** Failed sends plus skipped messages. */
  errors: number;
  /** Due messages never sent because this backend fell more than maxBacklog behind. */
  skipped: number;
  /**
   * Which messages (plan indexes) never reached this broker: failed publishes and skipped
   * ones, as pairs [from, to). Everything else below the lead was acknowledged.
   */
  unsentRanges: number[];
  /** errors / (sent + skipped): the share of due messages that did not reach the broker. */
  errorRate: number;
  /**
   * Deliveries this run did not write, kept out of latency and parity: another probe's or
   * writer's (foreign; every Kafka group reads the whole topic) and an earlier run's of
   * this probe (stale: left in the stream, or redelivered, after a restart).
   */
  foreign: number;
  stale: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  avgMs: number;
  publishP99Ms: number;
  sendDelayP50Ms: number;
  sendDelayP99Ms: number;
  achievedRate: number;
}

export interface ProbeSummary {
  probeId: string;
  /** "i/n": this probe's part of its fleet. */
  shard: string;
  durationSeconds: number;
  targetRate: number;
  backends: BackendSummary[];
  parity: (ParityTotals & { ledger: string; target: number; inFlight: number }) | null;
}

/** A lane's totals over the whole run, latencies in ms (0 where nothing was recorded). */
export function summarise(lane: Lane, elapsedS: number): BackendSummary {
  const { e2e, publish, send_delay } = lane.recorder.total;
  const ms = (us: number) => Math.round(us) / 1000;
  const at = (h: typeof e2e, p: number) => (h.totalCount === 0 ? 0 : ms(h.getValueAtPercentile(p)));
  return {
    backend: lane.backend.name,
    sender: lane.sender?.mode ?? 'inline',
    consumer: lane.consumer?.mode ?? 'inline',
    sent: lane.sent,
    consumed: lane.recorder.totalConsumed,
    errors: lane.recorder.totalErrors,
    skipped: lane.skipped,
    unsentRanges: lane.unsentRanges,
    errorRate:
      lane.sent + lane.skipped === 0 ? 0 : lane.recorder.totalErrors / (lane.sent + lane.skipped),
    ...lane.recorder.totalOthers,
    p50Ms: at(e2e, 50),
    p99Ms: at(e2e, 99),
    p999Ms: at(e2e, 99.9),
    maxMs: e2e.totalCount === 0 ? 0 : ms(e2e.maxValue),
    avgMs: e2e.totalCount === 0 ? 0 : ms(e2e.mean),
    publishP99Ms: at(publish, 99),
    sendDelayP50Ms: at(send_delay, 50),
    sendDelayP99Ms: at(send_delay, 99),
    achievedRate: Math.round(lane.recorder.totalConsumed / elapsedS),
  };
}
