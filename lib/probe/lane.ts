import type { PerSide } from '@/lib/parity';
import type { LaneSender } from './lane-sender';
import type { ProbeBackend } from './types';
import type { WindowRecorder } from './window-recorder';

/** One backend's lane in a probe: its sender, its windows, and its sender's last report. */
export interface Lane {
  index: number;
  backend: ProbeBackend;
  recorder: WindowRecorder;
  sender: LaneSender | undefined;
  /** As of the sender's last report. */
  sent: number;
  inFlight: number;
  skipped: number;
}

/** Deliveries the lanes kept out of latency and parity, per side. */
export function othersPerSide(lanes: readonly Lane[], kind: 'foreign' | 'stale'): PerSide {
  const counts: PerSide = { kafka: 0, nats: 0 };
  for (const l of lanes) counts[l.backend.name] += l.recorder.totalOthers[kind];
  return counts;
}
