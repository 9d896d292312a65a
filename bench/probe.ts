/**
 * npm run bench:probe — what the probe can do on this machine, beside the tools the
 * brokers ship with, all in one run (these machines are noisy: compare within a run).
 *
 * 1. Dual-write rate sweep: the highest rate at which the probe keeps ≥ 99.9% of its
 *    schedule with a send-delay p99 ≤ 2 ms, end-to-end through both brokers.
 * 2. The probe's core-NATS latency against a bare nats.js client, same schedule/payload.
 * 3. `nats bench` (natscli) and Kafka's own ProducerPerformance, same machine and session.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { loadMigrationConfig, serverConfig } from '@/lib/config';
import {
  CoreNatsBackend,
  createProbe,
  OpenLoopSchedule,
  Probe,
  type ProbeSummary,
} from '@/lib/probe';
import { nowUs } from '@/lib/probe/clock';
import { sensorPayload } from '@/lib/probe';
import { newLatencyHistogram } from '@/lib/samples';
import { uniqueId } from '@/lib/testing/stack';
import { row, writeResults, writeSection, type Figure } from './report';

const config = serverConfig();
const migration = loadMigrationConfig();
const SWEEP = (process.env.BENCH_RATES ?? '1000,2000,3000,5000,7500,10000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const PAYLOAD_BYTES = sensorPayload('0'.repeat(32), Date.now()).byteLength;
const log = (s: string) => console.error(`[bench:probe] ${s}`);

async function dualWrite(rate: number, seconds: number): Promise<ProbeSummary> {
  const id = uniqueId('bench').replace('-', '');
  const stream = `BENCH_${id.toUpperCase()}`;
  const created = await createProbe(
    config,
    { ...migration, parity: { target: 10_000_000, graceMs: 10_000 } },
    {
      probeId: id,
      backends: ['kafka', 'nats'],
      ratePerSecond: rate,
      durationSeconds: seconds,
      devices: 1000,
      metrics: 128,
      maxInFlight: 5000,
      replicas: 1,
      ledger: id,
      resetLedger: true,
      faults: [],
      names: {
        kafkaTopic: `bench-${id}`,
        stream,
        subjectPrefix: `bench.${id}`,
        kafkaGroupPrefix: id,
        parityTopic: `bench-parity-${id}`,
      },
    },
  );
  await created.probe.start();
  await new Promise((r) => setTimeout(r, seconds * 1000 + 100));
  const summary = await created.probe.stop(10_000);
  await created.close();
  const nc = await connect({
    servers: config.natsUrl,
    user: config.natsUser,
    pass: config.natsPass,
  });
  await (await jetstreamManager(nc)).streams.delete(stream).catch(() => undefined);
  await nc.close();
  return summary;
}

/** Kept its schedule: ≥ 99.9% of the messages due were sent and consumed on every backend. */
function sustained(s: ProbeSummary, rate: number, seconds: number): boolean {
  const expected = rate * seconds;
  return s.backends.every((b) => b.sent >= 0.999 * expected && b.consumed >= 0.999 * expected);
}

const worstSendDelay = (s: ProbeSummary) => Math.max(...s.backends.map((b) => b.sendDelayP99Ms));

/** The probe machinery over core NATS: returns e2e p50/p99 in ms. */
async function probeCore(rate: number, seconds: number) {
  const backend = await CoreNatsBackend.connect(
    config.natsUrl,
    config.natsUser,
    config.natsPass,
    `bench.core.${uniqueId('p')}`,
  );
  const probe = new Probe([backend], {
    probeId: uniqueId('core'),
    ratePerSecond: rate,
    durationSeconds: seconds,
    devices: 1000,
    metrics: 128,
    maxInFlight: 100_000,
    windowMs: 1000,
    groups: 1,
    samplesTopic: config.samplesTopic,
    parityTopic: 'unused',
    parity: null,
    faults: [],
  });
  await probe.start();
  await new Promise((r) => setTimeout(r, seconds * 1000 + 100));
  const s = await probe.stop(5000);
  await backend.close();
  const b = s.backends[0]!;
  return { p50Ms: b.p50Ms, p99Ms: b.p99Ms, consumed: b.consumed };
}

/** A bare nats.js client: intended time in the first 8 bytes, same open-loop schedule and size. */
async function bareCore(rate: number, seconds: number) {
  const nc = await connect({
    servers: config.natsUrl,
    user: config.natsUser,
    pass: config.natsPass,
  });
  const subject = `bench.bare.${uniqueId('b')}`;
  const h = newLatencyHistogram();
  nc.subscribe(subject, {
    callback: (_e, m) => {
      const intended = new DataView(m.data.buffer, m.data.byteOffset, 8).getFloat64(0);
      h.recordValue(Math.max(0, Math.round(nowUs() - intended)));
    },
  });
  await nc.flush();
  const schedule = new OpenLoopSchedule(nowUs(), rate);
  const total = rate * seconds;
  let next = 0;
  const timer = setInterval(() => {
    const due = Math.min(schedule.dueBy(nowUs()), total);
    for (; next < due; next += 1) {
      const buf = new Uint8Array(PAYLOAD_BYTES);
      new DataView(buf.buffer).setFloat64(0, schedule.intendedUs(next));
      nc.publish(subject, buf);
    }
  }, 1);
  await new Promise((r) => setTimeout(r, seconds * 1000 + 100));
  clearInterval(timer);
  const deadline = Date.now() + 5000;
  while (h.totalCount < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await nc.drain();
  return {
    p50Ms: h.getValueAtPercentile(50) / 1000,
    p99Ms: h.getValueAtPercentile(99) / 1000,
    consumed: h.totalCount,
  };
}

function natsBench(): { msgsPerSec: number; line: string } | null {
  const bin = execFileSync('bash', ['scripts/install-natscli.sh'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop()!;
  const args = [
    'bench',
    'pub',
    `bench.natscli.${uniqueId('n')}`,
    '--msgs',
    '200000',
    '--size',
    `${PAYLOAD_BYTES}B`,
    '--no-progress',
    '--server',
    config.natsUrl,
    '--user',
    config.natsUser,
    '--password',
    config.natsPass,
  ];
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 120_000 });
  const text = `${r.stdout}\n${r.stderr}`;
  const m = /([\d,]+) msgs\/sec/.exec(text);
  if (!m) {
    log(`nats bench output not understood:\n${text.slice(0, 2000)}`);
    return null;
  }
  return {
    msgsPerSec: Number(m[1]!.replace(/,/g, '')),
    line: text
      .split('\n')
      .find((l) => l.includes('msgs/sec'))!
      .trim(),
  };
}

function kafkaPerf(
  throughput: number,
): { p50Ms: number; p99Ms: number; recordsPerSec: number; line: string } | null {
  const libs = execFileSync('bash', ['-c', 'source scripts/lib.sh && echo "$KAFKA_LIBS"'], {
    encoding: 'utf8',
  }).trim();
  const topic = `bench-perf-${uniqueId('k')}`;
  const r = spawnSync(
    'java',
    [
      '-cp',
      `${libs}/*`,
      'org.apache.kafka.tools.ProducerPerformance',
      '--topic',
      topic,
      '--num-records',
      String(throughput * 10),
      '--record-size',
      String(PAYLOAD_BYTES),
      '--throughput',
      String(throughput),
      '--producer-props',
      `bootstrap.servers=${config.kafkaBrokers.join(',')}`,
      'acks=1',
    ],
    { encoding: 'utf8', timeout: 180_000 },
  );
  const line = r.stdout
    .split('\n')
    .filter((l) => l.includes('records sent'))
    .pop();
  const m =
    line && /records sent, ([\d.]+) records\/sec.*?(\d+) ms 50th.*?(\d+) ms 99th/.exec(line);
  if (!m) {
    log(
      `ProducerPerformance output not understood:\n${r.stdout.slice(-1500)}\n${r.stderr.slice(-1500)}`,
    );
    return null;
  }
  return {
    recordsPerSec: Number(m[1]),
    p50Ms: Number(m[2]),
    p99Ms: Number(m[3]),
    line: line.trim(),
  };
}

async function main(): Promise<void> {
  log(`payload ${PAYLOAD_BYTES} B, ${SECONDS} s per rate, rates ${SWEEP.join(', ')}`);
  log('warm-up (5 s at 1,000 msg/s, not recorded)');
  await dualWrite(1000, 5);

  const sweep: { rate: number; ok: boolean; s: ProbeSummary }[] = [];
  for (const rate of SWEEP) {
    const s = await dualWrite(rate, SECONDS);
    const ok = sustained(s, rate, SECONDS);
    sweep.push({ rate, ok, s });
    log(
      `${rate} msg/s: ${ok ? 'sustained' : 'NOT sustained'} ${s.backends.map((b) => `${b.backend} sent ${b.sent} consumed ${b.consumed} sendDelay p99 ${b.sendDelayP99Ms} ms e2e p99 ${b.p99Ms} ms`).join('; ')}`,
    );
    if (!ok) break;
  }
  const best = [...sweep].reverse().find((x) => x.ok);
  const lowDelay = sweep.filter((x) => x.ok && worstSendDelay(x.s) <= 2).pop();

  const coreRate = 5000;
  log(`core NATS, probe vs bare client at ${coreRate} msg/s`);
  const bare = await bareCore(coreRate, 10);
  const mine = await probeCore(coreRate, 10);
  log(`bare p50 ${bare.p50Ms} p99 ${bare.p99Ms}; probe p50 ${mine.p50Ms} p99 ${mine.p99Ms}`);

  log('nats bench pub (natscli)');
  const nb = natsBench();
  log('Kafka ProducerPerformance at 10,000 records/s');
  const kp = kafkaPerf(10_000);

  const kafkaAt = (x: (typeof sweep)[number] | undefined) =>
    x?.s.backends.find((b) => b.backend === 'kafka');
  const natsAt = (x: (typeof sweep)[number] | undefined) =>
    x?.s.backends.find((b) => b.backend === 'nats');
  const figures: Record<string, Figure> = {
    max_sustained_dual_write_rate: {
      value: best?.rate ?? 0,
      unit: 'msg/s',
      target: 10_000,
      better: 'higher',
      note: '≥ 99.9% of the schedule sent and consumed on both',
    },
    send_delay_p99_at_that_rate: {
      value: best ? worstSendDelay(best.s) : 0,
      unit: 'ms',
      target: 2,
      better: 'lower',
      note: 'worse of the two lanes',
    },
    probe_core_nats_p99: { value: mine.p99Ms, unit: 'ms', better: 'lower' },
    bare_core_nats_p99: { value: bare.p99Ms, unit: 'ms', better: 'lower', note: 'anchor' },
    probe_vs_bare_p99_ratio: {
      value: Math.round((mine.p99Ms / bare.p99Ms) * 100) / 100,
      unit: '×',
      target: 2,
      better: 'lower',
    },
  };
  figures.max_rate_with_send_delay_p99_within_2ms = {
    value: lowDelay?.rate ?? 0,
    unit: 'msg/s',
    target: 10_000,
    better: 'higher',
  };
  if (best) {
    figures.e2e_p99_kafka_at_best = { value: kafkaAt(best)!.p99Ms, unit: 'ms', better: 'lower' };
    figures.e2e_p99_nats_at_best = { value: natsAt(best)!.p99Ms, unit: 'ms', better: 'lower' };
    figures.publish_p99_kafka_at_best = {
      value: kafkaAt(best)!.publishP99Ms,
      unit: 'ms',
      better: 'lower',
    };
  }
  if (nb)
    figures.natscli_core_pub_rate = {
      value: nb.msgsPerSec,
      unit: 'msg/s',
      better: 'higher',
      note: 'anchor',
    };
  if (kp) {
    figures.kafka_producer_perf_p99_at_10k = {
      value: kp.p99Ms,
      unit: 'ms',
      better: 'lower',
      note: 'anchor (publish → ack)',
    };
    figures.kafka_producer_perf_rate = {
      value: Math.round(kp.recordsPerSec),
      unit: 'msg/s',
      better: 'higher',
      note: 'anchor',
    };
  }
  writeResults('probe', figures, {
    payloadBytes: PAYLOAD_BYTES,
    secondsPerRate: SECONDS,
    sweep: sweep.map(({ rate, ok, s }) => ({
      rate,
      sustained: ok,
      backends: s.backends,
      parity: s.parity,
    })),
  });

  const sweepRows = sweep
    .map(({ rate, ok, s }) => {
      const k = s.backends.find((b) => b.backend === 'kafka')!;
      const n = s.backends.find((b) => b.backend === 'nats')!;
      return `| ${rate.toLocaleString('en-US')} | ${ok ? '✅' : '❌'} | ${k.consumed.toLocaleString('en-US')} / ${n.consumed.toLocaleString('en-US')} of ${(rate * SECONDS).toLocaleString('en-US')} | ${k.sendDelayP99Ms} / ${n.sendDelayP99Ms} | ${k.p50Ms} / ${n.p50Ms} | ${k.p99Ms} / ${n.p99Ms} | ${s.parity?.matched.toLocaleString('en-US')} |`;
    })
    .join('\n');
  writeSection(
    'probe',
    `## Probe (\`npm run bench:probe\`)

Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${(await import('./report')).machine()}, NATS 2.11.17 and Kafka 3.7.2
single nodes on loopback on the same machine as the probe. Payload: the case study's sensor JSON, ${PAYLOAD_BYTES} B.
Each rate runs ${SECONDS} s through both brokers (dual write, parity ledger on), after a 5 s warm-up.

| figure | value | target | |
| --- | --- | --- | --- |
${Object.entries(figures)
  .map(([k, f]) => row(k.replace(/_/g, ' '), f))
  .join('\n')}

Rate sweep (Kafka / NATS):

| rate (msg/s) | schedule kept | consumed | send-delay p99 (ms) | e2e p50 (ms) | e2e p99 (ms) | parity matched |
| --- | --- | --- | --- | --- | --- | --- |
${sweepRows}

Anchors, same session: \`nats bench pub\` (natscli 0.5.0): ${nb?.line ?? 'not run'}.
Kafka \`ProducerPerformance\` (kafka-tools 3.7.2, acks=1, 10,000 records/s): ${kp?.line ?? 'not run'}.

Core NATS at ${coreRate.toLocaleString('en-US')} msg/s for 10 s, open loop, latency from intended send time:
bare nats.js client p50 ${bare.p50Ms} ms / p99 ${bare.p99Ms} ms (${bare.consumed} received);
the probe's machinery p50 ${mine.p50Ms} ms / p99 ${mine.p99Ms} ms (${mine.consumed} received).`,
  );
  log('wrote bench/results/probe.json and docs/benchmarks.md');
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
