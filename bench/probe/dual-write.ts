/**
 * The probe itself under test: the case study's dual write through both brokers (parity
 * ledger on), and the probe's machinery over core NATS for the bare-client comparison.
 */
import { Admin } from '@platformatic/kafka';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { CoreNatsBackend, createProbe, Probe, type ProbeSummary } from '@/lib/probe';
import { uniqueId } from '@/lib/testing/stack';
import { config, migration, sleep, type Percentiles } from './common';

/** Deletes benchmark topics: each run writes its own, and nobody reads them afterwards. */
export async function deleteKafkaTopics(topics: string[]): Promise<void> {
  const admin = new Admin({ clientId: 'cutover-bench', bootstrapBrokers: config.kafkaBrokers });
  await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.close();
}

/** Deletes a benchmark stream (and so its consumers). */
export async function deleteStream(stream: string): Promise<void> {
  const nc = await connect({
    servers: config.natsServers,
    user: config.natsUser,
    pass: config.natsPass,
  });
  await (await jetstreamManager(nc)).streams.delete(stream).catch(() => undefined);
  await nc.close();
}

export interface DualWriteRun {
  summary: ProbeSummary;
  /** When the schedule stopped (ms epoch): anything measured after it ran beside no load. */
  loadEndMs: number;
}

/**
 * Dual-writes at `rate` for `seconds` on fresh names. onScheduleStart runs the moment the
 * probe's schedule starts, after its consumers have joined: what runs beside the probe is
 * released then, so that connecting and joining are not inside anyone's figures;
 * onScheduleEnd the moment the schedule's last message is due (the drain follows).
 */
export async function dualWrite(
  rate: number,
  seconds: number,
  onScheduleStart: () => void = () => {},
  onScheduleEnd: () => void = () => {},
): Promise<DualWriteRun> {
  const id = uniqueId('bench').replace('-', '');
  const names = {
    kafkaTopic: `bench-${id}`,
    stream: `BENCH_${id.toUpperCase()}`,
    subjectPrefix: `bench.${id}`,
    kafkaGroupPrefix: id,
    parityTopic: `bench-parity-${id}`,
  };
  const created = await createProbe(
    config,
    { ...migration, parity: { target: 10_000_000, graceMs: 10_000 } },
    {
      probeId: id,
      backends: ['kafka', 'nats'],
      ratePerSecond: rate,
      durationSeconds: seconds,
      devices: 1000,
      sensorValues: 128,
      maxInFlight: 5000,
      replicas: 1,
      ledger: id,
      resetLedger: true,
      faults: [],
      names,
    },
  );
  await created.probe.start();
  onScheduleStart();
  await sleep(seconds * 1000 + 100);
  const loadEndMs = Date.now();
  onScheduleEnd();
  const summary = await created.probe.stop(10_000);
  await created.close();
  await deleteStream(names.stream);
  await deleteKafkaTopics([names.kafkaTopic, names.parityTopic]);
  return { summary, loadEndMs };
}

/** Kept its schedule: ≥ 99.9% of the messages due were sent and consumed on every backend. */
export function sustained(s: ProbeSummary, rate: number, seconds: number): boolean {
  const expected = rate * seconds;
  return s.backends.every((b) => b.sent >= 0.999 * expected && b.consumed >= 0.999 * expected);
}

/** The worse lane's send-delay p99, ms. */
export const worstSendDelayMs = (s: ProbeSummary) =>
  Math.max(...s.backends.map((b) => b.sendDelayP99Ms));

/** The probe machinery over core NATS (no JetStream, no acks): e2e p50/p99 in ms. */
export async function probeCore(
  rate: number,
  seconds: number,
): Promise<Percentiles & { consumed: number; sender: string }> {
  const backend = await CoreNatsBackend.connect(
    config.natsServers,
    config.natsUser,
    config.natsPass,
    `bench.core.${uniqueId('p')}`,
  );
  const probe = new Probe([backend], {
    probeId: uniqueId('core'),
    ratePerSecond: rate,
    durationSeconds: seconds,
    devices: 1000,
    sensorValues: 128,
    maxInFlight: 100_000,
    windowMs: 1000,
    groups: 1,
    samplesTopic: config.samplesTopic,
    parityTopic: 'unused',
    parity: null,
    faults: [],
  });
  await probe.start();
  await sleep(seconds * 1000 + 100);
  const s = await probe.stop(5000);
  await backend.close();
  const b = s.backends[0]!;
  return { p50Ms: b.p50Ms, p99Ms: b.p99Ms, consumed: b.consumed, sender: b.sender };
}
