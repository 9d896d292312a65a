import type { ReportedBackend } from '@/lib/config';

/** What the cost model needs of one backend's reported column. */
export type BackendCostInput = Pick<
  ReportedBackend,
  'monthlyUsd' | 'nodes' | 'maxThroughputPerNodePerSecond'
>;

/** Moving from one monthly cost to another: positive figures are money saved. */
export interface Saving {
  monthlyUsd: number;
  yearlyUsd: number;
  /** Share of the old monthly cost saved, 0..100 (negative when the new one costs more). */
  percent: number;
}

/** One backend sized for a message rate under the node model (see nodesNeeded). */
export interface ScenarioBackend {
  nodes: number;
  monthlyUsd: number;
  /** USD per million messages at the scenario's rate; null at a rate of 0. */
  costPerMillionUsd: number | null;
}

/** Both backends at one message rate, and what moving from Kafka to NATS saves there. */
export interface ScenarioRow {
  ratePerSecond: number;
  /** Where the rate comes from: the config's list, or the live measurement. */
  origin: 'config' | 'measured';
  kafka: ScenarioBackend;
  nats: ScenarioBackend;
  saving: Saving;
}

/**
 * A backend's current throughput as measured from the latency windows, or why there is
 * none: a page shows a reason, never a made-up number.
 */
export type MeasuredRate =
  | {
      type: 'measured';
      /** Messages per second over the covered period. */
      ratePerSecond: number;
      /** Messages counted in the period. */
      count: number;
      /** Part of the period actually covered by windows, ms. */
      coveredMs: number;
      /** Start of the newest 1-second slot counted, Unix ms. */
      newestSlotMs: number;
    }
  | { type: 'none'; reason: string };
