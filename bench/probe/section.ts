/**
 * bench:probe's figures (bench/results/probe.json) and its section of docs/benchmarks.md:
 * each figure beside its target and the anchor it is divided by, all from one run.
 */
import type { BackendSummary } from '@/lib/probe';
import { row, type Figure } from '../report';
import { ratio } from './common';
import { worstSendDelayMs } from './dual-write';
import type { MergedBackend, MergedRun } from './fleet';
import type { BenchRun, RateStep } from './types';

const RATIO_TARGET = 1.5;
const SEND_DELAY_TARGET_MS = 2;
const RATE_TARGET = 10_000;

const n = (v: number) => v.toLocaleString('en-US');
const side = (s: RateStep, b: 'kafka' | 'nats'): BackendSummary | undefined =>
  s.probe.backends.find((x) => x.backend === b);
const floorP99Ms = (s: RateStep) => (s.floor ? s.floor.p99Us / 1000 : null);

/** The probe's worse send-delay p99 over the floor's, at one rate. */
const overFloor = (s: RateStep) => ratio(worstSendDelayMs(s.probe), floorP99Ms(s));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Adds a figure when its value exists (an anchor that failed leaves no figure, not a 0). */
function put(
  figures: Record<string, Figure>,
  key: string,
  value: number | null | undefined,
  f: Omit<Figure, 'value'>,
): void {
  if (value !== null && value !== undefined && Number.isFinite(value))
    figures[key] = { value, ...f };
}

/** Fleet figures: merged p50/p99 per backend, one probe's median, and the spread test. */
function fleetFigures(figures: Record<string, Figure>, singles: MergedRun[], fleet: MergedRun) {
  for (const b of ['kafka', 'nats'])
    for (const p of ['p50', 'p99'] as const) {
      const key = `${p}Ms` as const;
      const values = singles.map((s) => s.backends[b]![key]);
      const spread = Math.round((Math.max(...values) - Math.min(...values)) * 1000) / 1000;
      const mid = median(values);
      const f = fleet.backends[b]![key];
      put(figures, `single_probe_e2e_${p}_${b}`, mid, {
        unit: 'ms',
        better: 'lower',
        note: `median of ${values.length} runs: ${values.join(', ')} ms`,
      });
      put(figures, `fleet_e2e_${p}_${b}`, f, {
        unit: 'ms',
        better: 'lower',
        note: `${fleet.probes} probes × ${n(fleet.ratePerProbe)} msg/s, windows merged`,
      });
      put(
        figures,
        `fleet_e2e_${p}_${b}_off_single_median`,
        Math.round(Math.abs(f - mid) * 1000) / 1000,
        {
          unit: 'ms',
          target: spread,
          better: 'lower',
          note: 'target: the run-to-run spread of one probe (max − min)',
        },
      );
    }
}

/** Every figure of the run, keyed for bench/results/probe.json. */
export function figuresOf(run: BenchRun): Record<string, Figure> {
  const figures: Record<string, Figure> = {};
  const ok = run.steps.filter((s) => s.sustained);
  const top = run.steps.at(-1);
  put(figures, 'max_sustained_dual_write_rate', ok.at(-1)?.rate ?? 0, {
    unit: 'msg/s',
    target: RATE_TARGET,
    better: 'higher',
    note: '≥ 99.9% of the schedule sent and consumed on both',
  });
  put(figures, 'send_delay_p99_at_that_rate', ok.at(-1) && worstSendDelayMs(ok.at(-1)!.probe), {
    unit: 'ms',
    target: SEND_DELAY_TARGET_MS,
    better: 'lower',
    note: 'worse of the two lanes',
  });
  put(
    figures,
    'max_rate_with_send_delay_p99_within_2ms',
    ok.filter((s) => worstSendDelayMs(s.probe) <= SEND_DELAY_TARGET_MS).at(-1)?.rate ?? 0,
    { unit: 'msg/s', target: RATE_TARGET, better: 'higher' },
  );
  put(
    figures,
    'max_rate_with_send_delay_p99_within_1.5x_floor',
    ok.filter((s) => (overFloor(s) ?? Infinity) <= RATIO_TARGET).at(-1)?.rate ?? 0,
    { unit: 'msg/s', target: RATE_TARGET, better: 'higher', note: 'floor measured beside it' },
  );
  if (top) {
    const k = side(top, 'kafka');
    const s = side(top, 'nats');
    const at = `at ${n(top.rate)} msg/s`;
    const ms = (note?: string): Omit<Figure, 'value'> => ({ unit: 'ms', better: 'lower', note });
    const x = (target?: number, note?: string): Omit<Figure, 'value'> => ({
      unit: '×',
      better: 'lower',
      target,
      note,
    });
    put(figures, 'send_delay_p99_at_top_rate', worstSendDelayMs(top.probe), {
      ...ms(`worse lane, ${at}`),
      target: SEND_DELAY_TARGET_MS,
    });
    put(
      figures,
      'floor_send_delay_p99_at_top_rate',
      floorP99Ms(top),
      ms(`anchor: bare open-loop sender beside the probe, ${at}`),
    );
    put(figures, 'send_delay_p99_vs_floor_at_top_rate', overFloor(top), x(RATIO_TARGET));
    if (top.cpu) {
      const cores = (note: string): Omit<Figure, 'value'> => ({
        unit: 'cores',
        better: 'lower',
        note,
      });
      put(
        figures,
        'cores_busy_at_top_rate',
        top.cpu.busy,
        cores(`of ${top.cpu.cores}, while the probe sent, ${at}`),
      );
      put(
        figures,
        'probe_cores_at_top_rate',
        top.cpu.probe,
        cores('the probe process, all its threads'),
      );
      put(figures, 'nats_cores_at_top_rate', top.cpu.nats ?? undefined, cores('nats-server'));
      put(
        figures,
        'kafka_cores_at_top_rate',
        top.cpu.kafka ?? undefined,
        cores('the Kafka broker JVM'),
      );
    }

    put(figures, 'e2e_p50_kafka_at_top_rate', k?.p50Ms, ms(at));
    put(figures, 'e2e_p99_kafka_at_top_rate', k?.p99Ms, ms(at));
    put(
      figures,
      'kafka_e2e_tool_p50_at_top_rate',
      top.kafkaE2e?.p50Ms,
      ms('anchor: EndToEndLatency beside the probe (whole ms, rounded down)'),
    );
    put(
      figures,
      'kafka_e2e_tool_p99_at_top_rate',
      top.kafkaE2e?.p99Ms,
      ms('anchor: EndToEndLatency beside the probe (whole ms, rounded down)'),
    );
    put(
      figures,
      'e2e_p50_kafka_vs_e2e_tool_at_top_rate',
      k && ratio(k.p50Ms, top.kafkaE2e?.p50Ms),
      x(),
    );
    put(
      figures,
      'e2e_p99_kafka_vs_e2e_tool_at_top_rate',
      k && ratio(k.p99Ms, top.kafkaE2e?.p99Ms),
      x(RATIO_TARGET),
    );

    put(figures, 'e2e_p50_nats_at_top_rate', s?.p50Ms, ms(at));
    put(figures, 'e2e_p99_nats_at_top_rate', s?.p99Ms, ms(at));
    put(
      figures,
      'bare_js_e2e_p50_at_top_rate',
      top.bareJs?.p50Ms,
      ms('anchor: bare nats.js JetStream client, same schedule'),
    );
    put(
      figures,
      'bare_js_e2e_p99_at_top_rate',
      top.bareJs?.p99Ms,
      ms('anchor: bare nats.js JetStream client, same schedule'),
    );
    put(
      figures,
      'e2e_p50_nats_vs_bare_js_at_top_rate',
      s && ratio(s.p50Ms, top.bareJs?.p50Ms),
      x(),
    );
    put(
      figures,
      'e2e_p99_nats_vs_bare_js_at_top_rate',
      s && ratio(s.p99Ms, top.bareJs?.p99Ms),
      x(RATIO_TARGET),
    );

    put(figures, 'publish_p99_nats_at_top_rate', s?.publishP99Ms, ms(`send → ack, ${at}`));
    put(
      figures,
      'natscli_js_pub_p99_at_top_rate',
      top.natsJs?.p99Ms,
      ms('anchor: nats bench js pub sync, send → ack'),
    );
    put(
      figures,
      'publish_p99_nats_vs_natscli_js_pub_at_top_rate',
      s && ratio(s.publishP99Ms, top.natsJs?.p99Ms),
      x(),
    );
    put(figures, 'natscli_js_consume_rate_at_top_rate', top.natsJs?.consumeRate, {
      unit: 'msg/s',
      better: 'higher',
      note: 'anchor: nats bench js consume beside js pub',
    });
    put(figures, 'publish_p99_kafka_at_top_rate', k?.publishP99Ms, ms(`send → ack, ${at}`));
    put(
      figures,
      'kafka_producer_perf_p99_at_top_rate',
      top.producerPerf?.p99Ms,
      ms('anchor: ProducerPerformance, send → ack'),
    );
    put(
      figures,
      'publish_p99_kafka_vs_producer_perf_at_top_rate',
      k && ratio(k.publishP99Ms, top.producerPerf?.p99Ms),
      x(),
    );
    put(
      figures,
      'kafka_producer_perf_rate_at_top_rate',
      top.producerPerf && Math.round(top.producerPerf.recordsPerSec),
      {
        unit: 'msg/s',
        better: 'higher',
        note: 'anchor',
      },
    );
  }
  put(figures, 'kafka_e2e_tool_p50_alone', run.kafkaE2eAlone?.p50Ms, {
    unit: 'ms',
    better: 'lower',
    note: 'anchor: EndToEndLatency, idle broker',
  });
  put(figures, 'kafka_e2e_tool_p99_alone', run.kafkaE2eAlone?.p99Ms, {
    unit: 'ms',
    better: 'lower',
    note: 'anchor: EndToEndLatency, idle broker',
  });
  put(figures, 'probe_core_nats_p99', run.core.probe.p99Ms, { unit: 'ms', better: 'lower' });
  put(figures, 'bare_core_nats_p99', run.core.bare.p99Ms, {
    unit: 'ms',
    better: 'lower',
    note: 'anchor',
  });
  put(figures, 'probe_vs_bare_p99_ratio', ratio(run.core.probe.p99Ms, run.core.bare.p99Ms), {
    unit: '×',
    target: 2,
    better: 'lower',
  });
  put(figures, 'natscli_core_pub_rate', run.natsCorePub?.msgsPerSec, {
    unit: 'msg/s',
    better: 'higher',
    note: 'anchor',
  });
  if (run.fleet) fleetFigures(figures, run.fleet.singles, run.fleet.fleet);
  return figures;
}

const pair = (a: number | undefined, b: number | undefined) => `${a ?? '—'} / ${b ?? '—'}`;
const r = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v}×`);

/** "1.97 of 2 (probe 1.1, NATS 0.42, Kafka 0.35)": where the cores went during step A. */
function cpuCell(s: RateStep): string {
  const c = s.cpu;
  if (!c) return '—';
  const part = (v: number | null) => (v === null ? '—' : String(v));
  return `${c.busy} of ${c.cores} (probe ${c.probe}, NATS ${part(c.nats)}, Kafka ${part(c.kafka)})`;
}

/**
 * What the CPU column says about the run: whether the machine had a core to spare, and
 * whose share grew with the rate. Written from the figures, so a later run on a bigger
 * machine says something else.
 */
function coresNote(run: BenchRun): string {
  const measured = run.steps.filter((s) => s.cpu);
  if (measured.length === 0) return 'CPU was not measured in this run.';
  const first = measured[0]!;
  const last = measured.at(-1)!;
  const cores = first.cpu!.cores;
  const saturated = measured.filter((s) => s.cpu!.busy >= 0.9 * cores);
  const brokers = (s: RateStep) => (s.cpu!.nats ?? 0) + (s.cpu!.kafka ?? 0);
  const at = (s: RateStep) => `${n(s.rate)} msg/s`;
  const lines = [
    `**Where the cores went.** ${
      saturated.length === measured.length
        ? `At every rate the machine was at least 90% busy (${measured.map((s) => s.cpu!.busy).join(', ')} of ${cores} cores).`
        : `The machine was at least 90% busy at ${saturated.length > 0 ? saturated.map(at).join(', ') : 'no rate'} (${measured.map((s) => `${s.cpu!.busy} at ${at(s)}`).join(', ')}, of ${cores} cores).`
    }`,
    `The probe process used ${first.cpu!.probe} cores at ${at(first)} and ${last.cpu!.probe} at ${at(last)}; the two brokers together ${Math.round(brokers(first) * 100) / 100} and ${Math.round(brokers(last) * 100) / 100}.`,
  ];
  if (saturated.length > 0)
    lines.push(
      'Where the machine is saturated, every figure above includes waiting for a core: the probe, the brokers and the anchors share two cores, and a broker that gets less CPU as the rate rises answers later. On its own host (docs/fleet.md) the probe would not take its cores from the brokers; these figures are of this machine, not of either broker.',
    );
  return lines.join(' ');
}

/**
 * What the probe did on a core of its own (cores.ts), and so whose limit the sweep hit:
 * written from the figures, like coresNote.
 */
function separateCoresNote(run: BenchRun): string {
  const c = run.separateCores;
  if (!c) return 'The probe was not run on a core of its own in this run.';
  const probeCores = c.probeCpus.split(',').length;
  const achieved = Math.min(...c.probe.backends.map((b) => b.achievedRate));
  const delays = c.probe.backends.map((b) => `${b.backend} ${b.sendDelayP99Ms} ms`).join(', ');
  const used = c.cpu
    ? ` It used ${c.cpu.probe} of its ${probeCores} core; the brokers ${Math.round(((c.cpu.nats ?? 0) + (c.cpu.kafka ?? 0)) * 100) / 100} of theirs (NATS ${c.cpu.nats ?? '—'}, Kafka ${c.cpu.kafka ?? '—'}).`
    : '';
  const probeBound = c.cpu !== null && c.cpu.probe >= 0.9 * probeCores;
  const needs = Math.round((c.rate / Math.max(1, achieved)) * probeCores * 10) / 10;
  const verdict = !probeBound
    ? c.sustained
      ? 'It kept the schedule with CPU to spare: on this machine the limit above is the sharing of cores, not the probe.'
      : 'It neither kept the schedule nor used its whole core: the brokers, on theirs, set the pace.'
    : c.sustained
      ? 'It kept the schedule, but only just: with its core fully used, its own send delay is the limit here.'
      : `It ran out of its core: at this cost per message the probe alone needs about ${needs} cores for ${n(c.rate)} msg/s of dual write with two consumer groups per broker, before the brokers get any. On 2 cores shared with both brokers, the sweep's top rate cannot keep the floor's send delay, whatever priority the probe's threads are given.`;
  return `**The probe on a core of its own** (CPU ${c.probeCpus}, the brokers on CPU ${c.brokerCpus}, with taskset; ${run.secondsPerRate} s at ${n(c.rate)} msg/s): it got through ${n(achieved)} msg/s, drain included (send delay p99 ${delays}).${used} ${verdict}`;
}

function sweepTable(run: BenchRun): string {
  const rows = run.steps.map((s) => {
    const k = side(s, 'kafka');
    const t = side(s, 'nats');
    const expected = n(s.rate * run.secondsPerRate);
    return `| ${n(s.rate)} | ${s.sustained ? '✅' : '❌'} | ${n(k?.consumed ?? 0)} / ${n(t?.consumed ?? 0)} of ${expected} | ${pair(k?.sendDelayP99Ms, t?.sendDelayP99Ms)} | ${s.floor ? `${s.floor.p50Us / 1000} / ${s.floor.p99Us / 1000}` : '—'} | ${r(overFloor(s))} | ${pair(k?.p50Ms, t?.p50Ms)} | ${pair(k?.p99Ms, t?.p99Ms)} | ${s.probe.parity ? n(s.probe.parity.matched) : '—'} | ${cpuCell(s)} |`;
  });
  return `| rate (msg/s) | schedule kept | consumed (Kafka / NATS) | send delay p99 (ms, Kafka / NATS) | floor send delay p50 / p99 (ms) | probe ÷ floor (p99) | e2e p50 (ms) | e2e p99 (ms) | parity matched | cores busy while it sent |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}`;
}

function kafkaTable(run: BenchRun): string {
  const rows = run.steps.map((s) => {
    const k = side(s, 'kafka');
    const t = s.kafkaE2e;
    const tool = t
      ? `${t.p50Ms} / ${t.p99Ms} (avg ${t.avgMs}, ${n(t.messages)} msgs${t.overrunS > 0 ? `, ran ${t.overrunS} s past the load` : ''})`
      : '—';
    const perf = s.producerPerf
      ? `${s.producerPerf.p50Ms} / ${s.producerPerf.p99Ms} (${n(Math.round(s.producerPerf.recordsPerSec))} msg/s)`
      : '—';
    return `| ${n(s.rate)} | ${pair(k?.p50Ms, k?.p99Ms)} | ${tool} | ${r(k && ratio(k.p50Ms, t?.p50Ms))} / ${r(k && ratio(k.p99Ms, t?.p99Ms))} | ${k?.publishP99Ms ?? '—'} | ${perf} | ${r(k && ratio(k.publishP99Ms, s.producerPerf?.p99Ms))} |`;
  });
  return `| rate (msg/s) | probe e2e p50 / p99 (ms) | EndToEndLatency beside it, p50 / p99 (ms) | probe ÷ tool (p50 / p99) | probe publish p99 (ms) | ProducerPerformance p50 / p99 (ms) | probe ÷ ProducerPerformance (p99) |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}`;
}

function natsTable(run: BenchRun): string {
  const rows = run.steps.map((s) => {
    const t = side(s, 'nats');
    const b = s.bareJs;
    const j = s.natsJs;
    const js = j
      ? `${j.p50Ms} / ${j.p99Ms} (${n(j.pubRate)} msg/s, ${j.clients} client${j.clients > 1 ? 's' : ''})`
      : '—';
    return `| ${n(s.rate)} | ${pair(t?.p50Ms, t?.p99Ms)} | ${b ? `${b.p50Ms} / ${b.p99Ms} (${n(b.consumed)} of ${n(b.sent)})` : '—'} | ${r(t && ratio(t.p50Ms, b?.p50Ms))} / ${r(t && ratio(t.p99Ms, b?.p99Ms))} | ${t?.publishP99Ms ?? '—'} | ${js} | ${r(t && ratio(t.publishP99Ms, j?.p99Ms))} | ${j?.consumeRate ? n(j.consumeRate) : '—'} |`;
  });
  return `| rate (msg/s) | probe e2e p50 / p99 (ms) | bare JetStream client p50 / p99 (ms) | probe ÷ bare (p50 / p99) | probe publish p99 (ms) | \`nats bench js pub sync\` p50 / p99 (ms) | probe ÷ natscli (p99) | \`js consume\` (msg/s) |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}`;
}

const merged = (b: MergedBackend | undefined) =>
  b ? `${b.p50Ms} / ${b.p99Ms} (${n(b.count)} msgs)` : '—';

function fleetTable(run: BenchRun): string {
  if (!run.fleet) return 'Fleet vs one probe: not run (BENCH_FLEET_RATE=0).';
  const { singles, fleet } = run.fleet;
  const rows = [...singles.map((s, i) => ({ ...s, label: `one probe, run ${i + 1}` })), fleet].map(
    (m) =>
      `| ${m.label} | ${m.probes} × ${n(m.ratePerProbe)} | ${m.sustained ? '✅' : '❌'} | ${merged(m.backends.kafka)} | ${merged(m.backends.nats)} | ${pair(m.backends.kafka?.sendDelayP99Ms, m.backends.nats?.sendDelayP99Ms)} | ${pair(m.backends.kafka?.foreign, m.backends.nats?.foreign)} | ${m.windows} | ${m.startSpreadS} s |`,
  );
  return `| run | probes × msg/s | schedule kept | Kafka e2e p50 / p99 (ms) | NATS e2e p50 / p99 (ms) | send delay p99 (ms, Kafka / NATS) | foreign read (Kafka / NATS) | windows merged | start spread |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Both are started as an operator would, with \`npm run fleet\` (scripts/fleet.ts: probe i of n gets
\`--shard i/n\`, the id \`<base>-i\` and the fleet's one ledger; one probe is \`--probes 1\`). The windows of every
probe are read back from \`cutover.v1.samples.<backend>.<probe>\` and merged as histograms (lib/latency \`mergeHistograms\`): every
window of the run, the drain's included, so every message counts once. The processes start one by one: the
start spread is how far apart their first deliveries were, during which the fleet ran below its total rate.
The fleet is within the run-to-run spread when, for each backend and percentile, its merged figure is no
further from the single probes' median than their range (max − min).`;
}

/** The bench:probe section of docs/benchmarks.md. */
export function sectionOf(run: BenchRun, figures: Record<string, Figure>): string {
  const top = run.steps.at(-1);
  const e2eCount = run.steps.map((s) => s.kafkaE2e?.messages ?? 0);
  const senders = top?.probe.backends.map((b) => `${b.backend} ${b.sender}`).join(', ') ?? '—';
  return `## Probe (\`npm run bench:probe\`)
${run.short ? `\n> **Short development run** (${run.steps.map((s) => n(s.rate)).join(', ')} msg/s, ${run.secondsPerRate} s per step): not figures of record. The full run is \`npm run bench:probe\` with no overrides, on a quiet machine.\n` : ''}
Run ${run.dateIso.slice(0, 16).replace('T', ' ')} UTC on ${run.machine}; NATS 2.11.17 and Kafka 3.7.2
single nodes on loopback on the same machine as the probe; kafka-tools 3.7.2 and natscli ${run.natscliVersion}.
Load average (1 min): ${run.load.atStart} when the run started, mean ${run.load.mean} and max ${run.load.max} during it
(2 cores: a run that starts above ~0.5 shared the machine). Payload: the case study's sensor JSON, ${run.payloadBytes} B.
At each rate, three steps of ${run.secondsPerRate} s one after another, after a 5 s warm-up:

- **A. The probe**: dual write through both brokers (parity ledger on, two consumer groups each; senders:
  ${senders}; sender threads at nice -10 and consumer threads at nice -5, the probe's default \`--priority raised\`),
  e2e from each message's intended send time to its consumption; send delay is intended send time → the publish
  call. Beside it:
  - **the floor**: a separate Node process that keeps the same open-loop schedule (1 ms ticks, what is due is
    "sent") and does nothing else, no payload, no broker I/O, at the sender threads' priority (nice -10): the send
    delay any open-loop sender gets on this machine under this load. Its start-up happens before the probe's
    schedule starts.
  - **Kafka's \`EndToEndLatency\`** (acks=1, as the probe's producer): one message in flight at a time, send →
    leader's ack → poll until consumed, timed from send. Closed loop, so it cannot carry a rate: it measures the
    broker while the probe's load runs through it (${e2eCount.map(n).join(', ')} messages; a few ms each is a
    light extra load). Its JVM starts and sends its first message before the probe starts; it is paused (SIGSTOP)
    and released when the probe's schedule starts. Its percentiles are whole ms rounded down (the tool's own
    arithmetic), so a ratio to them is an upper bound: a tool p99 of 3 means 3.0–3.99 ms.
- **B. A bare nats.js JetStream client** (\`@nats-io/jetstream\`, not lib/probe): the same open-loop schedule and
  size, publish with the ack awaited (many in flight) → one durable pull consumer with explicit acks, on a stream set
  up as the probe's (work queue, file, R1); e2e from intended send time, as the probe measures. This is NATS's
  end-to-end anchor: \`nats bench\` (natscli ${run.natscliVersion}) reports latency for publishing only.
  Kafka's \`ProducerPerformance\` runs beside it at the same rate (acks=1), so both brokers carry the rate as
  under the probe; its latency is send → ack.
- **C. \`nats bench js pub sync\`** (⌈rate / 2,500⌉ clients, one publish in flight each: send → ack, closed loop)
  with \`nats bench js consume\` reading meanwhile (throughput only).

Ratios are probe ÷ anchor from this run; targets are issue 15's${top ? `, judged at the top rate (${n(top.rate)} msg/s)` : ''}.

| figure | value | target | |
| --- | --- | --- | --- |
${Object.entries(figures)
  .map(([key, f]) => row(key.replace(/_/g, ' '), f))
  .join('\n')}

The probe, the floor beside it (A):

${sweepTable(run)}

${coresNote(run)}

${separateCoresNote(run)}

Kafka: the probe beside Kafka's own tools (A, B):

${kafkaTable(run)}

Kafka's \`EndToEndLatency\` on its own, idle broker: ${run.kafkaE2eAlone?.line ?? 'failed'} (${n(run.kafkaE2eAlone?.messages ?? 0)} messages).

NATS JetStream: the probe beside a bare client and \`nats bench\` (A, B, C):

${natsTable(run)}

Fleet vs one probe at ${run.fleet ? n(run.fleet.fleet.probes * run.fleet.fleet.ratePerProbe) : '—'} msg/s, ${run.secondsPerRate} s each (one, fleet, one, one):

${fleetTable(run)}

Core NATS at ${n(run.core.rate)} msg/s for ${run.core.seconds} s, open loop, latency from intended send time
(the probe's sender here: ${run.core.probe.sender}):
bare nats.js client p50 ${run.core.bare.p50Ms} ms / p99 ${run.core.bare.p99Ms} ms; the probe's machinery
p50 ${run.core.probe.p50Ms} ms / p99 ${run.core.probe.p99Ms} ms. \`nats bench pub\`: ${run.natsCorePub?.line ?? 'not run'}.`;
}
