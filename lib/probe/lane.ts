import type { PerSide } from '@/lib/parity';
import type { LaneConsumer } from './lane-consumer';
import type { LaneSender } from './lane-sender';
import type { ProbeBackend } from './types';
import type { WindowRecorder } from './window-recorder';

/** One backend's lane in a probe: its sender and consumers, its windows, and its sender's last report. */
export interface Lane {
  index: number;
  backend: ProbeBackend;
  recorder: WindowRecorder;
  sender: LaneSender | undefined;
  consumer: LaneConsumer | undefined;
  /** As of the sender's last report. */
  sent: number;
  inFlight: number;
  skipped: number;
  /**
   * Every message this lane never got onto its broker (publish failed, or skipped), as
   * half-open ranges [from, to) flattened into pairs, merged: the run's summary carries
   * them so a check of the broker's log can tell unsent from lost.
   */
  unsentRanges: number[];
}

/** Adds the ranges of a report (pairs [from, to)) to a lane's, merging ranges that touch. */
export function addUnsentRanges(into: number[], ranges: readonly number[]): void {
  for (let k = 0; k + 1 < ranges.length; k += 2) {
    const from = ranges[k]!;
    const to = ranges[k + 1]!;
    const n = into.length;
    if (n > 0 && into[n - 1] === from) into[n - 1] = to;
    else into.push(from, to);
  }
}

/** Deliveries the lanes kept out of latency and parity, per side. */
export function othersPerSide(lanes: readonly Lane[], kind: 'foreign' | 'stale'): PerSide {
  const counts: PerSide = { kafka: 0, nats: 0 };
  for (const l of lanes) counts[l.backend.name] += l.recorder.totalOthers[kind];
  return counts;
}
