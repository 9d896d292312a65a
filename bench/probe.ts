/**
 * npm run bench:probe — the probe beside the tools the brokers ship with, at the same
 * rates and in one run (these machines are noisy: compare within a run, as ratios).
 *
 * At each rate of the sweep, three steps one after another:
 *   A. the probe's dual write (parity ledger on), with beside it the floor (a sender that
 *      only keeps the same open-loop schedule, no broker I/O) and Kafka's EndToEndLatency
 *      (one message at a time through the broker under the probe's load);
 *   B. a bare nats.js JetStream client at the same rate (end to end from intended send
 *      time), with Kafka's ProducerPerformance at the same rate beside it;
 *   C. `nats bench js pub sync` + `nats bench js consume` at the same rate.
 * Then the probe at the top rate on a core of its own (the brokers on the other: whose limit
 * the sweep hit), the probe's machinery vs a bare client over core NATS, `nats bench pub`,
 * and a fleet of 4 probe processes vs one probe (three times, for the run-to-run spread).
 *
 * BENCH_RATES, BENCH_SECONDS and BENCH_FLEET_RATE shorten it for development.
 */
import { machine, writeResults, writeSection } from './report';
import { bareCore, bareJetStream } from './probe/bare-clients';
import { log, PAYLOAD_BYTES, sleep } from './probe/common';
import { dualWrite, probeCore, sustained } from './probe/dual-write';
import { runProbes } from './probe/fleet';
import { onSeparateCores } from './probe/cores';
import { startFloor, type FloorResult } from './probe/floor';
import { JVM_START_MS, producerPerformance, startEndToEnd } from './probe/kafka-tools';
import { meterCpu, sampleLoad, type CpuUse } from './probe/load';
import { natsCorePub, natscliVersion, natsJs } from './probe/natscli';
import { figuresOf, sectionOf } from './probe/section';
import type { BenchRun, RateStep, SeparateCoresRun } from './probe/types';

const DEFAULT_RATES = '1000,2000,3000,5000,7500,10000';
const DEFAULT_SECONDS = 15;
const SWEEP = (process.env.BENCH_RATES ?? DEFAULT_RATES).split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? DEFAULT_SECONDS);
const FLEET_RATE = Number(process.env.BENCH_FLEET_RATE ?? 10_000);
const FLEET_PROBES = 4;
const CORE = { rate: 5000, seconds: 10 };

/**
 * EndToEndLatency's message count: it should finish inside the load it runs beside, where
 * each message takes longer than it did before (up to ~4× at 1,000 msg/s on a busy machine).
 */
function e2eMessages(perMessageMs: number): number {
  const n = Math.floor((0.4 * (SECONDS - 1) * 1000) / perMessageMs);
  return Math.max(100, Math.min(20_000, n));
}

/** Step A: the probe, with the floor and Kafka's EndToEndLatency released beside it. */
async function probeStep(
  rate: number,
  e2eCount: number,
): Promise<Pick<RateStep, 'probe' | 'floor' | 'kafkaE2e' | 'cpu'>> {
  const [floor, tool] = await Promise.all([startFloor(), startEndToEnd(e2eCount, true)]);
  let floorRun: Promise<FloorResult> | undefined;
  let meter: ReturnType<typeof meterCpu> | undefined;
  let cpu: CpuUse | null = null;
  try {
    const { summary, loadEndMs } = await dualWrite(
      rate,
      SECONDS,
      () => {
        meter = meterCpu();
        floorRun = floor.go(rate, SECONDS);
        tool.resume();
      },
      () => (cpu = meter?.stop() ?? null),
    );
    const floorResult = await (floorRun ?? Promise.resolve(null)).catch(() => null);
    const e2e = await tool.result;
    return {
      probe: summary,
      cpu,
      floor: floorResult,
      kafkaE2e: e2e && {
        ...e2e,
        overrunS: Math.max(0, Math.round((e2e.finishedMs - loadEndMs) / 100) / 10),
      },
    };
  } finally {
    floor.kill();
    tool.kill();
  }
}

/** Step B: a bare JetStream client, ProducerPerformance started ahead of it to run beside. */
async function referenceStep(rate: number): Promise<Pick<RateStep, 'bareJs' | 'producerPerf'>> {
  // Long enough to cover its own start-up, the bare client's run and its drain.
  const perf = producerPerformance(rate, SECONDS + 3);
  await sleep(JVM_START_MS);
  const bareJs = await bareJetStream(rate, SECONDS).catch((err: unknown) => {
    log(`bare JetStream client failed: ${String(err)}`);
    return null;
  });
  return { bareJs, producerPerf: await perf };
}

const f2 = (n: number | undefined) => (n === undefined ? '—' : String(n));

async function main(): Promise<void> {
  const load = sampleLoad();
  const short = process.env.BENCH_RATES !== undefined || SECONDS < DEFAULT_SECONDS;
  const etaS = 60 + 2 * (CORE.seconds + 4) + SWEEP.length * (3 * SECONDS + 25) + 4 * (SECONDS + 15);
  log(
    `payload ${PAYLOAD_BYTES} B, ${SECONDS} s per step, rates ${SWEEP.join(', ')}; fleet ${FLEET_PROBES} × ${FLEET_RATE / FLEET_PROBES} msg/s; expect ~${Math.ceil(etaS / 60)} min`,
  );
  const version = natscliVersion();
  log('warm-up: dual write 5 s at 1,000 msg/s (not recorded)');
  await dualWrite(1000, 5);

  log('Kafka EndToEndLatency on its own (1,000 messages)');
  const alone = await (await startEndToEnd(1000, false)).result;
  log(`  alone: ${alone?.line ?? 'failed'}`);
  let perMessageMs = alone?.avgMs ?? 3;

  const steps: RateStep[] = [];
  for (const [i, rate] of SWEEP.entries()) {
    const at = `rate ${i + 1}/${SWEEP.length} (${rate.toLocaleString('en-US')} msg/s)`;
    const count = e2eMessages(perMessageMs);
    log(`${at} A: probe dual write + floor + Kafka EndToEndLatency (${count} messages)`);
    const a = await probeStep(rate, count);
    if (a.kafkaE2e) perMessageMs = Math.max(perMessageMs, a.kafkaE2e.avgMs);
    const ok = sustained(a.probe, rate, SECONDS);
    log(
      `  probe ${ok ? 'sustained' : 'NOT sustained'}: ${a.probe.backends.map((b) => `${b.backend} consumed ${b.consumed} send delay p99 ${b.sendDelayP99Ms} e2e p50/p99 ${b.p50Ms}/${b.p99Ms} ms`).join('; ')}`,
    );
    if (a.cpu)
      log(
        `  cores busy ${a.cpu.busy} of ${a.cpu.cores}: probe ${a.cpu.probe}, nats ${a.cpu.nats}, kafka ${a.cpu.kafka}`,
      );
    log(
      `  floor send delay p50/p99 ${a.floor ? `${a.floor.p50Us / 1000}/${a.floor.p99Us / 1000} ms` : 'failed'}; EndToEndLatency ${a.kafkaE2e ? `${a.kafkaE2e.line}${a.kafkaE2e.overrunS > 0 ? ` (ran ${a.kafkaE2e.overrunS} s past the load)` : ''}` : 'failed'}`,
    );
    log(`${at} B: bare nats.js JetStream + Kafka ProducerPerformance`);
    const b = await referenceStep(rate);
    log(
      `  bare JetStream e2e p50/p99 ${f2(b.bareJs?.p50Ms)}/${f2(b.bareJs?.p99Ms)} ms (${f2(b.bareJs?.consumed)} received); ProducerPerformance ${b.producerPerf?.line ?? 'failed'}`,
    );
    log(`${at} C: nats bench js pub sync + js consume`);
    const njs = await natsJs(rate, SECONDS).catch((err: unknown) => {
      log(`nats bench js failed: ${String(err)}`);
      return null;
    });
    log(`  nats bench js: ${njs ? `${njs.pubLine}; ${njs.consumeLine}` : 'failed'}`);
    steps.push({ rate, sustained: ok, ...a, ...b, natsJs: njs });
  }

  const topRate = SWEEP.at(-1)!;
  log(
    `the probe alone on the last core at ${topRate.toLocaleString('en-US')} msg/s, the brokers on the others`,
  );
  const separateCores = await onSeparateCores(
    async (): Promise<Omit<SeparateCoresRun, 'probeCpus' | 'brokerCpus'>> => {
      let meter: ReturnType<typeof meterCpu> | undefined;
      let cpu: CpuUse | null = null;
      const { summary } = await dualWrite(
        topRate,
        SECONDS,
        () => (meter = meterCpu()),
        () => (cpu = meter?.stop() ?? null),
      );
      return {
        rate: topRate,
        sustained: sustained(summary, topRate, SECONDS),
        probe: summary,
        cpu,
      };
    },
  );
  if (separateCores)
    log(
      `  achieved ${separateCores.probe.backends.map((b) => `${b.backend} ${b.achievedRate} msg/s (send delay p99 ${b.sendDelayP99Ms} ms)`).join(', ')}; probe ${separateCores.cpu?.probe} cores, nats ${separateCores.cpu?.nats}, kafka ${separateCores.cpu?.kafka}`,
    );

  log(`core NATS at ${CORE.rate.toLocaleString('en-US')} msg/s: bare client, then the probe`);
  const bare = await bareCore(CORE.rate, CORE.seconds);
  const mine = await probeCore(CORE.rate, CORE.seconds);
  log(`  bare p50/p99 ${bare.p50Ms}/${bare.p99Ms} ms; probe ${mine.p50Ms}/${mine.p99Ms} ms`);
  log('nats bench pub (core NATS throughput)');
  const corePub = natsCorePub();

  let fleet: BenchRun['fleet'] = null;
  if (FLEET_RATE > 0) {
    const measured = async (what: string, probes: number) => {
      log(`fleet vs one: ${what}`);
      const m = await runProbes(probes > 1 ? 'fleet' : 'single', probes, FLEET_RATE, SECONDS);
      log(
        `  ${Object.entries(m.backends)
          .map(([k, v]) => `${k} p50/p99 ${v.p50Ms}/${v.p99Ms} ms (${v.count} msgs)`)
          .join('; ')}${m.sustained ? '' : ' — NOT sustained'}`,
      );
      return m;
    };
    const one = (i: number) =>
      measured(`one probe at ${FLEET_RATE.toLocaleString('en-US')} msg/s, run ${i}/3`, 1);
    const s1 = await one(1);
    const f = await measured(
      `${FLEET_PROBES} probes at ${(FLEET_RATE / FLEET_PROBES).toLocaleString('en-US')} msg/s each`,
      FLEET_PROBES,
    );
    fleet = { singles: [s1, await one(2), await one(3)], fleet: f };
  }

  const run: BenchRun = {
    dateIso: new Date().toISOString(),
    machine: machine(),
    natscliVersion: version,
    payloadBytes: PAYLOAD_BYTES,
    secondsPerRate: SECONDS,
    short,
    steps,
    kafkaE2eAlone: alone,
    core: { ...CORE, bare, probe: mine },
    natsCorePub: corePub,
    fleet,
    separateCores,
    load: load.stop(),
  };
  const figures = figuresOf(run);
  writeResults('probe', figures, {
    payloadBytes: PAYLOAD_BYTES,
    secondsPerRate: SECONDS,
    shortRun: short,
    topRate: steps.at(-1)?.rate,
    loadAverage: run.load,
    natscli: version,
    kafkaE2eAlone: alone,
    steps: steps.map((s) => ({
      ...s,
      probe: { backends: s.probe.backends, parity: s.probe.parity },
    })),
    core: run.core,
    fleet,
    separateCores: separateCores && {
      ...separateCores,
      probe: { backends: separateCores.probe.backends, parity: separateCores.probe.parity },
    },
  });
  writeSection('probe', sectionOf(run, figures));
  log('wrote bench/results/probe.json and docs/benchmarks.md');
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
