/**
 * npm run drill:failover — issue 14's failover drill on the 3-node clusters of
 * `scripts/stack-up.sh --cluster` (scripts/drill-failover.sh starts them): the probe
 * dual-writes at FAILOVER_RATE msg/s (2,000) with Kafka acks=all, the latency page is open
 * in Chromium, and each fault runs FAILOVER_REPS times (10): kill -9 of the IOT_SENSORS
 * stream leader, a graceful `nats stream cluster step-down`, kill -9 of the Kafka broker
 * leading the most partitions of iot-sensor-v1, and its controlled shutdown (SIGTERM).
 *
 * Measured per fault: time to a new leader, the per-second e2e p99 spike per backend
 * (height and duration, from the probe's own windows), what the page showed (transport
 * states and the leader-election annotation) and when; per fault kind, from the parity
 * ledger: messages acknowledged and never delivered (must be 0), publishes that failed
 * (unsent: counted, not loss) and duplicates. A run that loses an acknowledged message is
 * reported as it is, never retried away. Independently of the probe, the brokers' own
 * counts (natscli stream info, GetOffsetShell) and, message by message, Kafka's console
 * consumer over iot-sensor-v1 against the probe's unsent ranges. Results →
 * docs/reliability.md (its failover section) and bench/results/failover.json. Not a test:
 * it measures and reports. FAILOVER_REPS, FAILOVER_RATE, FAILOVER_PORT, FAILOVER_SPIKE_S,
 * FAILOVER_SETTLE_S, FAILOVER_GRACE_S and FAILOVER_DRAIN_S change it (see below).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Page } from '@playwright/test';
import { serverConfig } from '@/lib/config';
import { SampleHub } from '@/lib/kafka';
import { decodeParity, PARITY_WILDCARD, type ParityMessage } from '@/lib/parity';
import { SAMPLES_WILDCARD } from '@/lib/samples';
import {
  applyFault,
  backendOf,
  connectFaultTargets,
  FAULT_KINDS,
  FAULT_LABELS,
  probeSummaryFrom,
  recover,
  type FaultKind,
  type FaultOutcome,
} from '@/lib/testing/failover';
import { transportEvents, watchTransports, type TransportEvent } from '@/lib/testing/faults';
import { brokerCounts, type BrokerCounts } from '@/lib/testing/broker-counts';
import { checkKafkaLog, type KafkaLogCheck } from '@/lib/testing/kafka-log';
import { measureSpike, WindowTap, type Spike } from '@/lib/testing/window-tap';
import { machine, writeResults, writeSection, type Figure } from './report';

const RATE = Number(process.env.FAILOVER_RATE ?? 2000);
const REPS = Number(process.env.FAILOVER_REPS ?? 10);
const PORT = Number(process.env.FAILOVER_PORT ?? 3200);
const NAME = process.env.FAILOVER_NAME ?? 'failover';
/** FAILOVER_KINDS=a,b: only those faults (with FAILOVER_NAME, a section of their own). */
const KINDS = process.env.FAILOVER_KINDS
  ? FAULT_KINDS.filter((k) => process.env.FAILOVER_KINDS!.split(',').includes(k))
  : FAULT_KINDS;
/** How long after each fault its spike is looked at, before the node comes back. */
const SPIKE_WINDOW_MS = Number(process.env.FAILOVER_SPIKE_S ?? 20) * 1000;
/** Quiet time after the cluster is whole again, so the next fault has a baseline. */
const SETTLE_MS = Number(process.env.FAILOVER_SETTLE_S ?? 8) * 1000;
/** The probe's parity grace period: a copy later than this counts as missing (then late). */
const GRACE_MS = Number(process.env.FAILOVER_GRACE_S ?? 15) * 1000;
/**
 * How long the probe's stop may wait for every message to reach both sides: consumers
 * that fell behind during the faults catch up first, so what the summary counts missing
 * was never delivered rather than not delivered yet.
 */
const DRAIN_MS = Number(process.env.FAILOVER_DRAIN_S ?? 180) * 1000;
const PROBE_ID = `drill-${Date.now().toString(36)}`;
const LEDGER = PROBE_ID;
const LOGS = path.resolve('.cutover/logs');
const BASE = `http://127.0.0.1:${PORT}`;
const log = (s: string) => console.error(`[drill] ${new Date().toISOString()} ${s}`);

interface FaultRecord extends FaultOutcome {
  rep: number;
  restoredMs: number | null;
  spikes: Record<'nats' | 'kafka', Spike>;
  page: PageView;
}

interface PageView {
  /** ms from the fault to the election annotation on the latency chart; null: not shown. */
  annotationMs: number | null;
  /** The transport strip states the page went through within the spike window. */
  states: Record<'nats' | 'kafka', string[]>;
}

// ---------------------------------------------------------------------------------------
// Processes the drill starts: the dashboard on the cluster, the probe.

function startDashboard(): ChildProcess {
  return spawn('node_modules/.bin/next', ['start', '-p', String(PORT), '-H', '127.0.0.1'], {
    env: { ...process.env, CUTOVER_SOURCE: 'live', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', openSync(path.join(LOGS, 'drill-dashboard.log'), 'w')],
    detached: true,
  });
}

async function waitHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** The probe as its own process; resolves its JSON summary (stdout) once it has drained. */
function startProbe(): { child: ChildProcess; summary: Promise<ProbeSummaryJson> } {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/probe.ts',
      ...['--rate', String(RATE), '--probe-id', PROBE_ID, '--ledger', LEDGER, '--reset-ledger'],
      ...['--acks', 'all', '--grace-ms', String(GRACE_MS), '--drain-ms', String(DRAIN_MS)],
    ],
    {
      env: process.env,
      stdio: ['ignore', 'pipe', openSync(path.join(LOGS, 'drill-probe.log'), 'w')],
    },
  );
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString('utf8')));
  const summary = new Promise<ProbeSummaryJson>((resolve, reject) =>
    child.once('exit', () => {
      try {
        resolve(probeSummaryFrom<ProbeSummaryJson>(out));
      } catch {
        reject(new Error(`the probe printed no summary (see ${LOGS}/drill-probe.log)`));
      }
    }),
  );
  return { child, summary };
}

interface ProbeSummaryJson {
  backends: {
    backend: string;
    sent: number;
    consumed: number;
    errors: number;
    skipped: number;
    unsentRanges?: number[];
  }[];
  parity: {
    shadowed: number;
    matched: number;
    missing: Record<string, number>;
    unsent?: Record<string, number>;
    duplicates: Record<string, number>;
    late: Record<string, number>;
  } | null;
}

// ---------------------------------------------------------------------------------------
// What the page shows: the transport strips, and the election annotations on the chart.

async function watchAnnotations(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __elections: { atMs: number; count: number }[] };
    w.__elections = [];
    let last = -1;
    setInterval(() => {
      const count = [...document.querySelectorAll('svg text')].filter((t) =>
        /^(NATS|Kafka): /.test(t.textContent ?? ''),
      ).length;
      if (count === last) return;
      last = count;
      w.__elections.push({ atMs: Date.now(), count });
    }, 50);
  });
}

async function pageView(page: Page, o: FaultOutcome): Promise<PageView> {
  const elections = await page.evaluate(
    () => (window as unknown as { __elections: { atMs: number; count: number }[] }).__elections,
  );
  const before = elections.filter((e) => e.atMs < o.atMs).at(-1)?.count ?? 0;
  const shown = elections.find((e) => e.atMs >= o.atMs && e.count > before);
  const events = await transportEvents(page);
  const states = (t: 'nats' | 'kafka') => {
    const within = events.filter(
      (e: TransportEvent) =>
        e.transport === t && e.atMs >= o.atMs && e.atMs < o.atMs + SPIKE_WINDOW_MS,
    );
    return [...new Set(within.map((e) => e.state))];
  };
  return {
    annotationMs: shown ? shown.atMs - o.atMs : null,
    states: { nats: states('nats'), kafka: states('kafka') },
  };
}

// ---------------------------------------------------------------------------------------
// Parity by fault kind: the ledger's totals just before the kind's first fault and after
// its last one (plus a grace period, so every message it touched has been judged).

interface ParityAt {
  atMs: number;
  p: ParityMessage;
}

function parityBefore(history: ParityAt[], atMs: number): ParityMessage | null {
  return history.filter((h) => h.atMs <= atMs).at(-1)?.p ?? null;
}

function parityDelta(a: ParityMessage | null, b: ParityMessage | null) {
  const side = (f: 'missing' | 'duplicates' | 'unsent', s: 'kafka' | 'nats') =>
    (b?.[f]?.[s] ?? 0) - (a?.[f]?.[s] ?? 0);
  return {
    ackedLost: { kafka: side('missing', 'kafka'), nats: side('missing', 'nats') },
    unsent: { kafka: side('unsent', 'kafka'), nats: side('unsent', 'nats') },
    duplicates: { kafka: side('duplicates', 'kafka'), nats: side('duplicates', 'nats') },
    shadowed: (b?.shadowed ?? 0) - (a?.shadowed ?? 0),
  };
}

// ---------------------------------------------------------------------------------------

const q = (xs: number[], p: number): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? null;
};
const ms = (v: number | null) => (v === null ? '—' : `${Math.round(v).toLocaleString('en-US')} ms`);

let probe: ReturnType<typeof startProbe> | undefined;

async function main(): Promise<void> {
  const config = serverConfig();
  if (config.replicas < 3)
    throw new Error('run against the cluster: source .cutover/run/cluster.env');
  mkdirSync(LOGS, { recursive: true });
  const started = new Date();
  log(`${REPS}× each of ${KINDS.length} faults at ${RATE} msg/s, probe ${PROBE_ID}`);

  const targets = await connectFaultTargets(config, 'cutover-drill');
  const { nc } = targets;

  // The probe's windows and parity from both transports: either may miss some in a fault.
  const tap = new WindowTap(PROBE_ID);
  const parity: ParityAt[] = [];
  const onParity = (data: Uint8Array | string) => {
    const p = decodeParity(data);
    if (p && p.probe === PROBE_ID) parity.push({ atMs: Date.now(), p });
  };
  nc.subscribe(SAMPLES_WILDCARD, { callback: (_e, m) => tap.offer(m.data) });
  nc.subscribe(PARITY_WILDCARD, { callback: (_e, m) => onParity(m.data) });
  const hub = new SampleHub({
    source: 'kafka',
    brokers: config.kafkaBrokers,
    topic: config.samplesTopic,
    parityTopic: config.parityTopic,
    replicas: config.replicas,
    minInsyncReplicas: config.kafkaMinIsr,
  });
  const unsubscribe = hub.subscribe((e) => {
    if (e.type === 'sample') tap.offer(e.text);
    if (e.type === 'parity') onParity(e.text);
  });

  const dashboard = startDashboard();
  // A drill that fails half-way must not leave its dashboard or probe behind.
  process.once('exit', () => {
    try {
      process.kill(-dashboard.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    probe?.child.kill('SIGKILL');
  });
  await waitHttp(`${BASE}/`, 60_000);
  const countTools = { ...targets, kafkaBrokers: config.kafkaBrokers };
  const countsBefore = await brokerCounts(countTools);
  probe = startProbe();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(`${BASE}/latency?window=5m`);
  await watchTransports(page);
  await watchAnnotations(page);
  log('warming up for 20 s');
  await sleep(20_000);

  const records: FaultRecord[] = [];
  const kindSpan: Record<FaultKind, { fromMs: number; toMs: number }> = {} as never;
  // A drill that stops early still reports what it measured, and says why it stopped.
  let stoppedEarly: string | null = null;
  try {
    for (const kind of KINDS) {
      kindSpan[kind] = { fromMs: Date.now(), toMs: 0 };
      for (let rep = 1; rep <= REPS; rep += 1) {
        const o = await applyFault(kind, targets);
        log(
          `${kind} #${rep}: ${o.before} → ${o.after ?? 'no new leader'} in ${ms(o.newLeaderMs)}` +
            (o.commandError ? ` (the command failed: ${o.commandError})` : ''),
        );
        if (rep === 1 && (kind === 'nats_kill' || kind === 'kafka_kill')) {
          await sleep(Math.max(0, 12_000 - (Date.now() - o.atMs)));
          await page.screenshot({
            path: `docs/screenshot-failover-${backendOf(kind)}.png`,
            fullPage: false,
          });
        }
        await sleep(Math.max(0, o.atMs + SPIKE_WINDOW_MS - Date.now()));
        const restoredMs = await recover(o, targets);
        log(`${kind} #${rep}: whole again ${ms(restoredMs)} after the restart`);
        await sleep(SETTLE_MS);
        records.push({
          ...o,
          rep,
          restoredMs,
          spikes: { nats: emptySpike(), kafka: emptySpike() },
          page: await pageView(page, o),
        });
      }
      // Every message a fault of this kind touched is judged once its grace period is over.
      await sleep(GRACE_MS + 5_000);
      kindSpan[kind].toMs = Date.now();
    }
  } catch (err) {
    stoppedEarly = err instanceof Error ? err.message : String(err);
    log(`stopped early: ${stoppedEarly}`);
    for (const span of Object.values(kindSpan)) if (span.toMs === 0) span.toMs = Date.now();
  }

  log('stopping the probe');
  probe.child.kill('SIGINT');
  const summary = await probe.summary;
  probe = undefined;
  const countsAfter = await brokerCounts(countTools);
  log("reading iot-sensor-v1 with Kafka's console consumer");
  const kafkaLog = await kafkaLogCheck(config.kafkaBrokers, summary).catch((err: Error) => {
    log(`the Kafka log check failed: ${err.message}`);
    return null;
  });
  await sleep(3_000);
  for (const r of records)
    for (const b of ['nats', 'kafka'] as const)
      r.spikes[b] = measureSpike(tap.series(b), r.atMs, SPIKE_WINDOW_MS);

  await browser.close();
  unsubscribe();
  await hub.close();
  await targets.close();
  process.kill(-dashboard.pid!, 'SIGTERM');

  report(
    records,
    kindSpan,
    parity,
    summary,
    started,
    stoppedEarly,
    [countsBefore, countsAfter],
    kafkaLog,
  );
}

const emptySpike = (): Spike => ({
  baselineP99Ms: null,
  peakP99Ms: null,
  durationMs: 0,
  emptySeconds: 0,
});

function report(
  records: FaultRecord[],
  kindSpan: Record<FaultKind, { fromMs: number; toMs: number }>,
  parity: ParityAt[],
  summary: ProbeSummaryJson,
  started: Date,
  stoppedEarly: string | null,
  counts: [BrokerCounts, BrokerCounts],
  kafkaLog: KafkaLogCheck | null,
): void {
  const figures: Record<string, Figure> = {};
  const rows: string[] = [];
  const perKind = KINDS.filter((kind) => kindSpan[kind]).map((kind) => {
    const rs = records.filter((r) => r.kind === kind);
    const leader = rs.map((r) => r.newLeaderMs).filter((v): v is number => v !== null);
    const d = parityDelta(
      parityBefore(parity, kindSpan[kind].fromMs),
      parityBefore(parity, kindSpan[kind].toMs),
    );
    const spike = (b: 'nats' | 'kafka') => ({
      peakMax: q(
        rs.map((r) => r.spikes[b].peakP99Ms ?? 0),
        1,
      ),
      peakP50: q(
        rs.map((r) => r.spikes[b].peakP99Ms ?? 0),
        0.5,
      ),
      durP50: q(
        rs.map((r) => r.spikes[b].durationMs),
        0.5,
      ),
      durMax: q(
        rs.map((r) => r.spikes[b].durationMs),
        1,
      ),
    });
    const lost = d.ackedLost.kafka + d.ackedLost.nats;
    figures[`${kind}_new_leader_max`] = {
      value: Math.round(q(leader, 1) ?? -1),
      unit: 'ms',
      better: 'lower',
      note: `p50 ${ms(q(leader, 0.5))}, ${leader.length}/${rs.length} elected`,
    };
    figures[`${kind}_acknowledged_lost`] = {
      value: lost,
      unit: 'messages',
      target: 0,
      better: 'lower',
    };
    const s = { nats: spike('nats'), kafka: spike('kafka') };
    rows.push(
      `| ${FAULT_LABELS[kind]} | ${rs.length} | ${ms(q(leader, 0.5))} / ${ms(q(leader, 1))} | ` +
        `${ms(s.nats.peakP50)} / ${ms(s.nats.peakMax)}, ${ms(s.nats.durP50)} / ${ms(s.nats.durMax)} | ` +
        `${ms(s.kafka.peakP50)} / ${ms(s.kafka.peakMax)}, ${ms(s.kafka.durP50)} / ${ms(s.kafka.durMax)} | ` +
        `**${lost}** (kafka ${d.ackedLost.kafka}, nats ${d.ackedLost.nats}) | ` +
        `kafka ${d.unsent.kafka}, nats ${d.unsent.nats} | kafka ${d.duplicates.kafka}, nats ${d.duplicates.nats} |`,
    );
    return { kind, records: rs, parity: d, spikes: s };
  });

  const detail = records.map(
    (r) =>
      `| ${r.kind} | ${r.rep} | ${new Date(r.atMs).toISOString().slice(11, 23)} | ${r.before} | ${r.after ?? '—'} | ${ms(r.newLeaderMs)} | ` +
      `${ms(r.spikes.nats.baselineP99Ms)} → ${ms(r.spikes.nats.peakP99Ms)} (${ms(r.spikes.nats.durationMs)}) | ` +
      `${ms(r.spikes.kafka.baselineP99Ms)} → ${ms(r.spikes.kafka.peakP99Ms)} (${ms(r.spikes.kafka.durationMs)}) | ` +
      `${r.page.annotationMs === null ? 'not shown' : `after ${ms(r.page.annotationMs)}`} | nats ${r.page.states.nats.join('→') || 'live'}, kafka ${r.page.states.kafka.join('→') || 'live'} | ${ms(r.restoredMs)} |`,
  );
  const p = summary.parity;
  const totalLost = p ? (p.missing.kafka ?? 0) + (p.missing.nats ?? 0) : null;
  figures.acknowledged_lost_total = {
    value: totalLost ?? -1,
    unit: 'messages',
    target: 0,
    better: 'lower',
    note: 'the probe summary, after its drain',
  };

  const stored = storedAgainstAcked(summary, counts);
  for (const b of stored)
    figures[`${b.backend}_stored_minus_acknowledged`] = {
      value: b.stored - b.acked,
      unit: 'messages',
      better: 'higher',
      note: `${b.tool}: stored ${b.stored}, the probe saw ${b.acked} acknowledged; below 0 is acknowledged loss`,
    };

  if (kafkaLog)
    figures.kafka_log_acknowledged_lost = {
      value: kafkaLog.acknowledgedLost,
      unit: 'messages',
      target: 0,
      better: 'lower',
      note: `Kafka's ConsoleConsumer: ${kafkaLog.distinct} of the run's messages in the topic, ${kafkaLog.absent} absent, ${kafkaLog.absentUnsent} of them unsent`,
    };

  const only = KINDS.length < FAULT_KINDS.length ? ` — ${KINDS.join(', ')} only` : '';
  const shots = KINDS.filter((k) => k === 'nats_kill' || k === 'kafka_kill');
  const md = `## Failover drill (\`npm run drill:failover\`)${only}

Run ${started.toISOString()} → ${new Date().toISOString()} on ${machine()}: the 3-node NATS
JetStream cluster (IOT_SENSORS R3, file storage) and the 3-node Kafka KRaft cluster
(iot-sensor-v1 RF 3, min.insync.replicas 2) of \`npm run stack -- --cluster\`, the probe at
${RATE} msg/s dual write (Kafka acks=all), the latency page open in Chromium. Each fault
${REPS}×; the node comes back ${SPIKE_WINDOW_MS / 1000} s after the fault and the next fault
waits until the cluster is whole again plus ${SETTLE_MS / 1000} s. bench/failover.ts.
${stoppedEarly ? `\n**The drill stopped early:** ${stoppedEarly}. The figures below are what it measured until then.\n` : ''}${
    records.some((r) => r.commandError)
      ? `\nFault commands that failed: ${records
          .filter((r) => r.commandError)
          .map((r) => `${r.kind} #${r.rep}: ${r.commandError}`)
          .join('; ')}.\n`
      : ''
  }
- new leader: from the fault to STREAM.INFO naming another leader (NATS), or to every
  partition of iot-sensor-v1 led by another broker (Kafka), polled every 100 ms.
- spike: the probe's per-second e2e p99 (its own windows, from both transports), peak
  over the ${SPIKE_WINDOW_MS / 1000} s after the fault; duration: until the last second above
  1.5 × the median p99 of the 10 s before (at least +10 ms), seconds with no delivery counting as above.
- acknowledged lost: the ledger's \`missing\` (acknowledged by the broker, never delivered
  within the probe's ${GRACE_MS / 1000} s grace period), from before the kind's first fault to a grace period after its
  last. unsent: publishes that failed or were never acknowledged (errors, not loss).

| fault | runs | new leader p50 / max | NATS spike p99 peak p50 / max, duration p50 / max | Kafka spike p99 peak p50 / max, duration p50 / max | acknowledged lost | unsent (publish errors) | duplicates |
| - | - | - | - | - | - | - | - |
${rows.join('\n')}

Whole run, the probe's summary after its drain: shadowed ${p?.shadowed ?? '—'}, matched ${p?.matched ?? '—'},
acknowledged lost (missing) kafka ${p?.missing.kafka ?? '—'}, nats ${p?.missing.nats ?? '—'};
unsent kafka ${p?.unsent?.kafka ?? '—'}, nats ${p?.unsent?.nats ?? '—'}; duplicates kafka
${p?.duplicates.kafka ?? '—'}, nats ${p?.duplicates.nats ?? '—'}; late kafka ${p?.late.kafka ?? '—'}, nats ${p?.late.nats ?? '—'}.
Per backend: ${summary.backends.map((b) => `${b.backend} sent ${b.sent}, consumed ${b.consumed}, errors ${b.errors}`).join('; ')}.

The brokers' own count, read with tools that share no code with the probe, before the
probe started and after its drain: ${stored.map((b) => `${b.label} stored ${b.stored.toLocaleString('en-US')} messages (${b.tool}) against ${b.acked.toLocaleString('en-US')} the probe saw acknowledged: ${b.stored >= b.acked ? 'none of them lost' : `**${(b.acked - b.stored).toLocaleString('en-US')} fewer: acknowledged loss**`}`).join('; ')}. (More stored than acknowledged: sends that timed out but landed, and Kafka's retried sends.)

${
  kafkaLog
    ? `Message by message, Kafka's own console consumer (kafka.tools.ConsoleConsumer) read iot-sensor-v1 from its beginning after the drill: ${kafkaLog.records.toLocaleString('en-US')} records of this run, ${kafkaLog.distinct.toLocaleString('en-US')} distinct messages; of the ${(kafkaLog.distinct + kafkaLog.absent).toLocaleString('en-US')} the schedule reached, ${kafkaLog.absent.toLocaleString('en-US')} are not in the topic, ${kafkaLog.absentUnsent.toLocaleString('en-US')} of which the probe counted unsent. **Acknowledged and not in the topic: ${kafkaLog.acknowledgedLost.toLocaleString('en-US')}**${kafkaLog.lostExamples.length ? ` (e.g. messages ${kafkaLog.lostExamples.join(', ')})` : ''}. Where the probe's ledger counts more missing than this, its consumers skipped messages the topic holds.`
    : 'The message-by-message check of the Kafka log did not run (see the drill log).'
}

${
  shots.length > 0
    ? `Screenshots at 12 s after the first kill: ${shots.map((k) => `[${k === 'nats_kill' ? 'NATS' : 'Kafka'}](screenshot-failover-${backendOf(k)}.png)`).join(', ')}.`
    : 'No screenshots: no kill in this run.'
}

<details><summary>Every fault</summary>

| fault | # | at (UTC) | before | after | new leader | NATS p99 baseline → peak (duration) | Kafka p99 baseline → peak (duration) | page: election annotation | page: transport states | whole again after restart |
| - | - | - | - | - | - | - | - | - | - | - |
${detail.join('\n')}

</details>`;
  writeSection(NAME, md, 'docs/reliability.md');
  writeResults(NAME, figures, { perKind, records, summary });
  log(`done: docs/reliability.md (section ${NAME}), bench/results/${NAME}.json`);
}

/** The Kafka lane's unsent ranges and lead from the summary, checked against the topic. */
function kafkaLogCheck(brokers: string[], summary: ProbeSummaryJson): Promise<KafkaLogCheck> {
  const kafka = summary.backends.find((b) => b.backend === 'kafka');
  if (!kafka?.unsentRanges || !summary.parity)
    return Promise.reject(new Error('the probe summary has no Kafka unsent ranges'));
  return checkKafkaLog({
    brokers,
    topic: 'iot-sensor-v1',
    probeId: PROBE_ID,
    // Every message the schedule reached: sent, or unsent (failed, skipped).
    lead: summary.parity.shadowed,
    unsentRanges: kafka.unsentRanges,
  });
}

/** Each broker's stored count over the run (its own tool) beside the probe's acknowledged sends. */
function storedAgainstAcked(
  summary: ProbeSummaryJson,
  [before, after]: [BrokerCounts, BrokerCounts],
) {
  const acked = (name: string) => {
    const b = summary.backends.find((x) => x.backend === name);
    // errors are failed sends plus skipped messages; skipped ones were never sent.
    return b ? b.sent - (b.errors - b.skipped) : 0;
  };
  return [
    {
      backend: 'nats',
      label: 'IOT_SENSORS',
      tool: 'natscli stream info, last sequence',
      stored: after.natsLastSeq - before.natsLastSeq,
      acked: acked('nats'),
    },
    {
      backend: 'kafka',
      label: 'iot-sensor-v1',
      tool: 'GetOffsetShell, sum of end offsets',
      stored: after.kafkaEndOffsets - before.kafkaEndOffsets,
      acked: acked('kafka'),
    },
  ];
}

// Exits once the report is written: the clients' timers and sockets left behind would keep
// the drill (and drill-failover.sh, which stops the clusters after it) waiting for ever.
main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
