import type { ProbeSummary } from '@/lib/probe';
import type { BareResult } from './bare-clients';
import type { FloorResult } from './floor';
import type { CpuUse, LoadAverage } from './load';
import type { MergedRun } from './fleet';
import type { EndToEndResult, ProducerPerfResult } from './kafka-tools';
import type { NatsJsResult } from './natscli';
import type { Percentiles } from './common';

/** Everything measured at one rate of the sweep. */
export interface RateStep {
  rate: number;
  /** The probe kept its schedule (≥ 99.9% sent and consumed on both). */
  sustained: boolean;
  probe: ProbeSummary;
  /** Where the CPU went while the probe's schedule ran (probe, brokers, all). */
  cpu: CpuUse | null;
  /** The floor sender beside the probe. */
  floor: FloorResult | null;
  /** Kafka's EndToEndLatency beside the probe; overrunS: how long it ran on after the load. */
  kafkaE2e: (EndToEndResult & { overrunS: number }) | null;
  /** A bare nats.js JetStream client at this rate, ProducerPerformance beside it. */
  bareJs: BareResult | null;
  producerPerf: ProducerPerfResult | null;
  /** nats bench js pub sync + js consume at this rate. */
  natsJs: NatsJsResult | null;
}

/** The probe on a core of its own, the brokers on the others (cores.ts). */
export interface SeparateCoresRun {
  rate: number;
  sustained: boolean;
  probe: ProbeSummary;
  cpu: CpuUse | null;
  probeCpus: string;
  brokerCpus: string;
}

export interface BenchRun {
  dateIso: string;
  machine: string;
  natscliVersion: string;
  payloadBytes: number;
  secondsPerRate: number;
  /** Not the full default sweep: a development run, not figures of record. */
  short: boolean;
  steps: RateStep[];
  kafkaE2eAlone: EndToEndResult | null;
  core: {
    rate: number;
    seconds: number;
    bare: Percentiles;
    probe: Percentiles & { sender: string };
  };
  natsCorePub: { msgsPerSec: number; line: string } | null;
  fleet: { singles: MergedRun[]; fleet: MergedRun } | null;
  /** Null when not run (one core, no taskset) or for a short sweep without it. */
  separateCores: SeparateCoresRun | null;
  load: LoadAverage;
}
