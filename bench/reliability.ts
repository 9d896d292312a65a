/**
 * npm run reliability — the long fault drills of issue 7, against a stack of its own
 * (scripts/reliability.sh starts it on other ports; never the shared one):
 * NATS restarted 20 times in 10 minutes and frozen (SIGSTOP) for 60 s, Kafka restarted
 * 10 times and stopped for 60 s, the dashboard process restarted, 100 SSE clients at once
 * and 200 dropped abruptly, all while the probe runs. A Chromium page records every
 * transport state change with its time; an SSE reader records the server's events.
 * Brokers are restarted with their own command line and data, as an operator would.
 * Results → docs/reliability.md and bench/results/reliability.json. Not a test: it
 * measures and reports, it does not fail on a missed target.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, writeFileSync, writeSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { Producer, stringSerializers } from '@platformatic/kafka';
import { chromium, type Browser, type Page } from '@playwright/test';
import { createParser } from 'eventsource-parser';
import { serverConfig } from '@/lib/config';
import { SAMPLES_PREFIX } from '@/lib/samples';
import {
  BrokerProcess,
  dataAfter,
  firstAfter,
  sseAfter,
  sseReader,
  transportEvents,
  watchTransports,
  type SseEvent,
  startBeat,
} from '@/lib/testing/faults';
import { machine, writeResults, type Figure } from './report';

const RUN = path.resolve(process.env.CUTOVER_RUN_DIR ?? '.cutover/run-reliability');
const LOGS = path.resolve(process.env.CUTOVER_LOG_DIR ?? '.cutover/logs-reliability');
const PORT = Number(process.env.RELIABILITY_PORT ?? 3602);
const BASE = `http://127.0.0.1:${PORT}`;
const RATE = Number(process.env.RELIABILITY_RATE ?? 1000);
const NATS_RESTARTS = Number(process.env.RELIABILITY_NATS_RESTARTS ?? 20);
const NATS_RESTART_EVERY_MS = Number(process.env.RELIABILITY_NATS_EVERY_S ?? 30) * 1000;
const KAFKA_RESTARTS = Number(process.env.RELIABILITY_KAFKA_RESTARTS ?? 10);
const OUTAGE_MS = Number(process.env.RELIABILITY_OUTAGE_S ?? 60) * 1000;
const dirs = {
  runDir: RUN,
  logDir: LOGS,
  natsMonitorPort: Number(process.env.CUTOVER_NATS_MONITOR_PORT ?? 8222),
  kafkaPort: Number(process.env.CUTOVER_KAFKA_PORT ?? 9092),
};
const config = serverConfig();
const PROBE_ID = 'reliability';
const log = (s: string) => console.error(`[reliability] ${new Date().toISOString()} ${s}`);

const isUnavailable = (e: SseEvent) => e.event === 'status' && e.data.includes('"unavailable"');

// ---------------------------------------------------------------------------------------
// Processes we start: the dashboard and the probe.

// Its own process group: `next start` forks next-server, and both must go when we stop it.
function startDashboard(): ChildProcess {
  return spawn('node_modules/.bin/next', ['start', '-p', String(PORT), '-H', '127.0.0.1'], {
    env: { ...process.env, CUTOVER_SOURCE: 'live', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'ignore',
    detached: true,
  });
}

async function stopDashboard(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
  while (
    await fetch(BASE).then(
      () => true,
      () => false,
    )
  )
    await sleep(100);
}

async function httpReady(): Promise<number> {
  for (;;) {
    const ok = await fetch(BASE).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return Date.now();
    await sleep(100);
  }
}

async function sseClients(): Promise<number> {
  const text = await fetch(`${BASE}/api/metrics`).then((r) => r.text());
  return Number(/^cutover_sse_clients (\d+)/m.exec(text)?.[1] ?? NaN);
}

/** ms from fromMs until the gauge reads `level` (the streams the drill itself keeps open). */
async function gaugeBackAfter(fromMs: number, level: number): Promise<number> {
  for (;;) {
    if ((await sseClients()) <= level) return Date.now() - fromMs;
    if (Date.now() - fromMs > 60_000) return NaN;
    await sleep(100);
  }
}

/** Opens n raw SSE requests; resolves with each one's status and first-sample time. */
function openStreams(n: number) {
  const sockets: http.ClientRequest[] = [];
  const results = Array.from({ length: n }, (_, i) => {
    return new Promise<{ status: number; firstSampleMs: number | null }>((resolve) => {
      const t0 = Date.now();
      // Each from a loopback address of its own: one address may hold only 8 streams.
      const localAddress = `127.0.9.${i + 1}`;
      const req = http.get(`${BASE}/api/stream`, { agent: false, localAddress }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          return resolve({ status: res.statusCode ?? 0, firstSampleMs: null });
        }
        let seen = false;
        const parser = createParser({
          onEvent: ({ event }) => {
            if (seen || event !== 'sample') return;
            seen = true;
            resolve({ status: 200, firstSampleMs: Date.now() - t0 });
          },
        });
        res.setEncoding('utf8');
        res.on('data', (text: string) => parser.feed(text));
        res.on('error', () => undefined);
        res.on('close', () => seen || resolve({ status: 200, firstSampleMs: null }));
      });
      req.on('error', () => resolve({ status: 0, firstSampleMs: null }));
      sockets[i] = req;
    });
  });
  return { results, sockets };
}

// ---------------------------------------------------------------------------------------
// What the drill measures, and the processes it measures with.

const stats = (xs: number[]) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return {
    n: s.length,
    max: s.at(-1) ?? NaN,
    p50: s[Math.floor((s.length - 1) / 2)] ?? NaN,
  };
};

/** A figure where lower is better: a time to react or to recover. */
const msFigure = (value: number, target: number, note?: string): Figure => ({
  value,
  unit: 'ms',
  target,
  better: 'lower',
  ...(note === undefined ? {} : { note }),
});

/** Every drill's figures and its section of docs/reliability.md, in the order run. */
interface Findings {
  figures: Record<string, Figure>;
  report: string[];
}

/** The stack under test and what watches it: the page, a witness client, an SSE reader. */
interface Rig {
  nats: BrokerProcess;
  kafka: BrokerProcess;
  dashboard: ChildProcess;
  probe: ChildProcess;
  browser: Browser;
  page: Page;
  /** Messages of dialogs the page opened (there should be none). */
  dialogs: string[];
  /** A Node client beside the page: when the server dropped it, when probe windows arrived. */
  witness: NatsConnection;
  disconnects: number[];
  windowsSeen: number[];
  beatProducer: Producer<string, string, string, string>;
  stopBeat: () => void;
  sse: { events: SseEvent[]; close: () => void };
}

/** Resolves once the page's strip for `transport` shows "live". */
async function waitLive(page: Page, transport: 'nats' | 'kafka'): Promise<void> {
  for (;;) {
    const e = (await transportEvents(page)).filter((x) => x.transport === transport).at(-1);
    if (e?.state === 'live') return;
    await sleep(200);
  }
}

/** Logs what the page says and does into LOGS/page-console.log. */
function logPage(page: Page, dialogs: string[]): void {
  page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
  const pageLog = openSync(path.join(LOGS, 'page-console.log'), 'a');
  page.on('console', (m) =>
    writeSync(pageLog, `${new Date().toISOString()} ${m.type()} ${m.text()}\n`),
  );
  page.on('pageerror', (e) =>
    writeSync(pageLog, `${new Date().toISOString()} pageerror ${e.message}\n`),
  );
  page.on('crash', () => writeSync(pageLog, `${new Date().toISOString()} page crashed\n`));
}

/**
 * Starts the dashboard, the probe, the page, the witness, the beat and the SSE reader,
 * and waits until the page is live on both transports.
 */
async function startRig(): Promise<Rig> {
  const nats = BrokerProcess.attach('nats', dirs);
  const kafka = BrokerProcess.attach('kafka', dirs);
  const dashboard = startDashboard();
  await httpReady();
  const probe = spawn(
    'node',
    ['--import', 'tsx', 'scripts/probe.ts', '--rate', String(RATE), '--probe-id', PROBE_ID],
    { env: process.env, stdio: ['ignore', 'ignore', openSync(path.join(LOGS, 'probe.log'), 'a')] },
  );
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const dialogs: string[] = [];
  logPage(page, dialogs);
  // The witness tells the page's delays apart from the server's and the probe's.
  const witness = await connect({
    servers: config.natsServers,
    user: config.natsUser,
    pass: config.natsPass,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
  });
  const disconnects: number[] = [];
  const windowsSeen: number[] = [];
  void (async () => {
    for await (const st of witness.status())
      if (st.type === 'disconnect') disconnects.push(Date.now());
  })();
  witness.subscribe(`${SAMPLES_PREFIX}*.${PROBE_ID}`, {
    callback: () => void windowsSeen.push(Date.now()),
  });
  // A beat beside the probe: one window every 250 ms on each transport from clients that
  // reconnect by themselves, so the page's recovery is measured even if the probe's is slower.
  const beatProducer = new Producer({
    clientId: 'reliability-beat',
    bootstrapBrokers: config.kafkaBrokers,
    serializers: stringSerializers,
    retries: 0,
  });
  const stopBeat = startBeat({
    nats: witness,
    producer: beatProducer,
    topic: config.samplesTopic,
    probeId: 'beat',
    backends: { nats: 'beat-nats', kafka: 'beat-kafka' },
  });
  await page.goto(`${BASE}/latency?window=15m`);
  await watchTransports(page);
  const sse = sseReader(`${BASE}/api/stream`);
  log(`waiting for live data on both transports (probe at ${RATE} msg/s)`);
  await waitLive(page, 'nats');
  await waitLive(page, 'kafka');
  return {
    nats,
    kafka,
    dashboard,
    probe,
    browser,
    page,
    dialogs,
    witness,
    disconnects,
    windowsSeen,
    beatProducer,
    stopBeat,
    sse,
  };
}

/** Stops everything startRig started; keeps the page's last events in LOGS/page-events.json. */
async function stopRig(rig: Rig): Promise<void> {
  rig.sse.close();
  rig.stopBeat();
  await rig.witness.close().catch(() => undefined);
  await Promise.race([rig.beatProducer.close(), sleep(5000)]);
  const events = await transportEvents(rig.page).catch(() => []);
  await rig.browser.close();
  rig.probe.kill('SIGINT');
  await stopDashboard(rig.dashboard).catch(() => undefined);
  writeFileSync(path.join(LOGS, 'page-events.json'), JSON.stringify(events));
}

/**
 * The beat alone makes the page live; the faults wait for the probe too. A probe still
 * starting when the first restart hits dies on "connection refused", and the drill would
 * then run without the workload it claims to run under.
 */
async function waitForProbe(rig: Rig): Promise<void> {
  for (const deadline = Date.now() + 60_000; rig.windowsSeen.length === 0; await sleep(200)) {
    if (rig.probe.exitCode !== null || Date.now() > deadline)
      throw new Error(`the probe sent no window (see ${path.join(LOGS, 'probe.log')})`);
  }
  log('probe windows arriving; faults start');
}

/** 1. NATS restarted NATS_RESTARTS times: how soon the page says so, and how soon data is back. */
async function natsRestarts(rig: Rig, out: Findings): Promise<void> {
  const { nats, page, disconnects, windowsSeen } = rig;
  log(`NATS: ${NATS_RESTARTS} restarts, one every ${NATS_RESTART_EVERY_MS / 1000} s`);
  const natsRows: string[] = [];
  const toReconnecting: number[] = [];
  const toData: number[] = [];
  const natsT0 = Date.now();
  for (let i = 1; i <= NATS_RESTARTS; i += 1) {
    const slot = natsT0 + (i - 1) * NATS_RESTART_EVERY_MS;
    await sleep(Math.max(0, slot - Date.now()));
    const killAt = Date.now();
    const downAt = await nats.stop();
    const upAt = await nats.start();
    await sleep(Math.min(8000, NATS_RESTART_EVERY_MS - 1000));
    const events = await transportEvents(page);
    const reconnecting = firstAfter(events, 'nats', killAt, (e) => e.state === 'reconnecting');
    const data = dataAfter(events, 'nats', upAt);
    // nats-server drops its clients at SIGTERM, then takes a moment to flush JetStream and exit.
    const droppedAt = disconnects.find((t) => t >= killAt) ?? killAt;
    const witnessData = windowsSeen.find((t) => t >= upAt);
    const a = reconnecting ? reconnecting.atMs - droppedAt : NaN;
    const b = data ? data.atMs - upAt : NaN;
    toReconnecting.push(a);
    toData.push(b);
    const now = events.filter((e) => e.transport === 'nats').at(-1)?.state ?? '?';
    natsRows.push(
      `| ${i} | ${new Date(killAt).toISOString().slice(11, 23)} | ${droppedAt - killAt} | ${downAt - killAt} | ${upAt - downAt} | ${reconnecting ? a : 'never'} | ${witnessData ? witnessData - upAt : 'none'} | ${data ? b : 'none within 8 s'} | ${now} |`,
    );
    log(
      `NATS restart ${i}: page reconnecting +${a} ms after the drop, probe window at witness +${witnessData ? witnessData - upAt : NaN} ms, page data +${b} ms after ready; page now ${now}`,
    );
    writeFileSync(path.join(LOGS, 'page-events.json'), JSON.stringify(events));
  }
  const natsEvents = (await transportEvents(page)).filter((e) => e.transport === 'nats');
  const gaveUp = natsEvents.filter((e) => e.atMs >= natsT0 && /closed|unavailable/.test(e.state));
  const r = stats(toReconnecting);
  const d = stats(toData);
  out.figures.nats_restart_to_reconnecting_max = msFigure(
    r.max,
    1000,
    `p50 ${r.p50} ms, ${r.n}/${NATS_RESTARTS} shown`,
  );
  out.figures.nats_ready_to_data_max = msFigure(
    d.max,
    3000,
    `p50 ${d.p50} ms, ${d.n}/${NATS_RESTARTS} resumed`,
  );
  out.figures.nats_gave_up = { value: gaveUp.length, unit: 'times', target: 0, better: 'lower' };
  out.report.push(
    `## NATS restarted ${NATS_RESTARTS} times in ${Math.round((Date.now() - natsT0) / 60_000)} min`,
    '',
    `SIGTERM to nats-server, wait for exit, start it again with the same config and JetStream store; one restart every ${NATS_RESTART_EVERY_MS / 1000} s. "reconnecting" is measured from the moment a Node client beside the page (the witness) saw the server drop it, to the page's status strip changing; "data" from /healthz answering to the page counting its next NATS window (the probe's, or a 4-Hz beat published beside it by a Node client).`,
    '',
    '| # | at (UTC) | SIGTERM → clients dropped (ms) | SIGTERM → exit (ms) | exit → ready (ms) | drop → page "reconnecting" (ms) | ready → next probe window at a Node witness (ms) | ready → next window on page (ms) | page state 8 s after ready |',
    '| - | - | - | - | - | - | - | - | - |',
    ...natsRows,
    '',
    `Worst: "reconnecting" after ${r.max} ms (target 1,000), data after ${d.max} ms (target 3,000). States the NATS strip showed after giving up: ${gaveUp.length ? gaveUp.map((e) => e.state).join(', ') : 'none'}.`,
    '',
  );
}

/** 2. NATS frozen (SIGSTOP) for OUTAGE_MS: the page must call it stale, then recover. */
async function natsFreeze(rig: Rig, out: Findings): Promise<void> {
  const { nats, page } = rig;
  log(`NATS: SIGSTOP for ${OUTAGE_MS / 1000} s`);
  await waitLive(page, 'nats');
  const stopAt = Date.now();
  nats.freeze();
  await sleep(OUTAGE_MS);
  const contAt = Date.now();
  nats.thaw();
  await sleep(20_000);
  const events = await transportEvents(page);
  const lastData = events.filter((e) => e.transport === 'nats' && e.atMs < stopAt).at(-1);
  const stale = firstAfter(events, 'nats', stopAt, (e) => e.state === 'stale');
  const during = [
    ...new Set(
      events
        .filter((e) => e.transport === 'nats' && e.atMs >= stopAt && e.atMs < contAt)
        .map((e) => e.state),
    ),
  ];
  const live = firstAfter(events, 'nats', contAt, (e) => e.state === 'live');
  const data = dataAfter(events, 'nats', contAt);
  out.figures.nats_freeze_to_stale = msFigure(stale ? stale.atMs - stopAt : NaN, 5000);
  out.figures.nats_sigcont_to_data = msFigure(data ? data.atMs - contAt : NaN, 3000);
  out.report.push(
    `## NATS frozen (SIGSTOP) for ${OUTAGE_MS / 1000} s`,
    '',
    `SIGSTOP at ${new Date(stopAt).toISOString().slice(11, 23)}, SIGCONT at ${new Date(contAt).toISOString().slice(11, 23)}. The page's last NATS window before the freeze arrived ${lastData ? stopAt - lastData.atMs : '?'} ms before SIGSTOP.`,
    '',
    `- page turned **stale** ${stale ? stale.atMs - stopAt : 'never'} ms after SIGSTOP (target 5,000)`,
    `- states shown during the freeze: ${during.join(' → ') || 'none'}`,
    `- after SIGCONT: "live" after ${live ? live.atMs - contAt : 'never'} ms, next window counted after ${data ? data.atMs - contAt : 'never'} ms (target 3,000)`,
    '',
  );
  log(
    `freeze: stale +${stale ? stale.atMs - stopAt : '∞'} ms, data +${data ? data.atMs - contAt : '∞'} ms after SIGCONT`,
  );
}

/** 3. Kafka restarted KAFKA_RESTARTS times, then stopped for OUTAGE_MS: read at the SSE route and on the page. */
async function kafkaRestarts(rig: Rig, out: Findings): Promise<void> {
  const { kafka, page, sse } = rig;
  const kafkaRows: string[] = [];
  const toUnavailable: number[] = [];
  const toResume: number[] = [];
  for (let i = 1; i <= KAFKA_RESTARTS + 1; i += 1) {
    const outage = i > KAFKA_RESTARTS ? OUTAGE_MS : 0;
    log(`Kafka ${outage ? `stopped for ${outage / 1000} s` : `restart ${i}`}`);
    await waitLive(page, 'kafka');
    const killAt = Date.now();
    const downAt = await kafka.stop();
    if (outage) await sleep(outage);
    else await sleep(Math.max(0, killAt + 6000 - Date.now()));
    const unavailable = sseAfter(sse.events, killAt, isUnavailable);
    const upAt = await kafka.start();
    let sample: SseEvent | undefined;
    let connected: SseEvent | undefined;
    for (let k = 0; k < 300 && !sample; k += 1) {
      await sleep(100);
      connected = sseAfter(
        sse.events,
        upAt,
        (e) => e.event === 'status' && e.data.includes('"connected"'),
      );
      sample = sseAfter(sse.events, upAt, (e) => e.event === 'sample');
    }
    await sleep(1500);
    const events = await transportEvents(page);
    const pageUnavailable = firstAfter(events, 'kafka', killAt, (e) => e.state === 'unavailable');
    const pageData = dataAfter(events, 'kafka', upAt);
    const a = unavailable ? unavailable.atMs - killAt : NaN;
    const b = sample ? sample.atMs - upAt : NaN;
    if (!outage) {
      toUnavailable.push(a);
      toResume.push(b);
    } else {
      out.figures.kafka_stop60_to_unavailable = msFigure(a, 5000);
      out.figures.kafka_stop60_ready_to_data = msFigure(b, 10_000);
    }
    kafkaRows.push(
      `| ${outage ? `stop ${outage / 1000} s` : i} | ${new Date(killAt).toISOString().slice(11, 23)} | ${downAt - killAt} | ${unavailable ? a : 'never'} | ${pageUnavailable ? pageUnavailable.atMs - killAt : 'never'} | ${upAt - downAt} | ${connected ? connected.atMs - upAt : 'never'} | ${sample ? b : 'never'} | ${pageData ? pageData.atMs - upAt : 'never'} |`,
    );
    log(`  unavailable event +${a} ms after SIGTERM; first sample +${b} ms after ready`);
  }
  const u = stats(toUnavailable);
  const s = stats(toResume);
  out.figures.kafka_restart_to_unavailable_max = msFigure(
    u.max,
    5000,
    `p50 ${u.p50} ms, ${u.n}/${KAFKA_RESTARTS}`,
  );
  out.figures.kafka_ready_to_data_max = msFigure(
    s.max,
    10_000,
    `p50 ${s.p50} ms, ${s.n}/${KAFKA_RESTARTS}`,
  );
  out.report.push(
    `## Kafka restarted ${KAFKA_RESTARTS} times, then stopped for ${OUTAGE_MS / 1000} s`,
    '',
    "SIGTERM to the broker (controlled shutdown), wait for exit, start it again with the same config and log dir (at least 6 s after SIGTERM, so the outage outlasts the 5-s target). An SSE reader on /api/stream timestamps the server's events; the page's Kafka strip is read as for NATS. The dashboard process is never restarted.",
    '',
    '| # | at (UTC) | SIGTERM → exit (ms) | SIGTERM → SSE "unavailable" event (ms) | SIGTERM → page "unavailable" (ms) | exit → broker ready (ms) | ready → SSE "connected" (ms) | ready → first SSE sample (ms) | ready → next window on page (ms) |',
    '| - | - | - | - | - | - | - | - | - |',
    ...kafkaRows,
    '',
  );
}

/** 4. The dashboard process restarted: how soon a fresh consumer reads the tail. */
async function dashboardRestart(rig: Rig, out: Findings): Promise<void> {
  log('dashboard restart');
  rig.sse.close();
  await stopDashboard(rig.dashboard);
  const spawnAt = Date.now();
  rig.dashboard = startDashboard();
  const httpAt = await httpReady();
  rig.sse = sseReader(`${BASE}/api/stream`);
  let first: SseEvent | undefined;
  for (let k = 0; k < 600 && !first; k += 1) {
    await sleep(50);
    first = sseAfter(rig.sse.events, httpAt, (e) => e.event === 'sample');
  }
  out.figures.dashboard_restart_to_tail = msFigure(
    first ? first.atMs - httpAt : NaN,
    5000,
    `process start → HTTP ready ${httpAt - spawnAt} ms`,
  );
  out.report.push(
    '## Dashboard process restarted',
    '',
    `\`next start\` stopped and started again while the probe writes: HTTP ready ${httpAt - spawnAt} ms after spawn, first Kafka sample on a new SSE stream ${first ? first.atMs - httpAt : 'never'} ms after ready (target 5,000; each process joins a fresh consumer group at the log end, so no session timeout to wait out).`,
    '',
  );
  await rig.page.reload();
  await watchTransports(rig.page);
  // The SSE load drill reads the gauge as its baseline: the reloaded page's own stream
  // must be counted in it first.
  await waitLive(rig.page, 'kafka');
}

/** 5. 100 SSE clients at once, then 200 dropped abruptly: the gauge must come back. */
async function sseLoad(out: Findings): Promise<void> {
  // The page and the drill's own reader stay connected throughout: "back to 0" for the
  // clients this drill opens means back to that baseline (the CI test, with no page
  // open, reads the gauge at 0 itself).
  const baseline = await sseClients();
  log(`100 SSE clients (gauge at ${baseline} before: the page and the drill's reader)`);
  const hundred = openStreams(100);
  const results = await Promise.race([
    Promise.all(hundred.results),
    sleep(20_000).then(() => null),
  ]);
  const got = results?.filter((x) => x.firstSampleMs !== null) ?? [];
  const refused = results?.filter((x) => x.status !== 200).length ?? NaN;
  const firstSample = stats(got.map((x) => x.firstSampleMs!));
  const during = await sseClients();
  for (const sock of hundred.sockets) sock.destroy();
  const hundredZero = await gaugeBackAfter(Date.now(), baseline);
  log('200 SSE clients dropped abruptly');
  const twoHundred = openStreams(200);
  for (let k = 0; k < 100 && (await sseClients()) < baseline + 200; k += 1) await sleep(100);
  const peak = await sseClients();
  const dropAt = Date.now();
  for (const sock of twoHundred.sockets) sock.socket?.destroy();
  const zero = await gaugeBackAfter(dropAt, baseline);
  out.figures.sse_100_clients_served = {
    value: got.length,
    unit: 'clients',
    target: 100,
    better: 'higher',
    note: `first sample p50 ${firstSample.p50} ms, max ${firstSample.max} ms; ${refused} refused`,
  };
  out.figures.sse_200_abrupt_drop_gauge_back = msFigure(
    zero,
    10_000,
    `gauge ${baseline} → ${peak} → ${baseline} (the page and the drill's reader stay)`,
  );
  out.report.push(
    '## SSE load',
    '',
    `- 100 clients opened at once with the probe running: ${got.length}/100 received a sample (first sample p50 ${firstSample.p50} ms, max ${firstSample.max} ms), ${refused} refused; \`cutover_sse_clients\` read ${during}. After closing them the gauge was back to ${baseline} (the page and the drill's own reader) in ${hundredZero} ms.`,
    `- 200 clients, gauge at ${peak}, then every socket destroyed at once: gauge back to ${baseline} in ${zero} ms (target 10,000).`,
    '',
  );
}

/** docs/<name>.md and bench/results/<name>.json. */
function writeReport(started: Date, out: Findings): void {
  const table = Object.entries(out.figures)
    .map(
      ([k, f]) =>
        `| ${k} | ${f.value} ${f.unit} | ${f.target === undefined ? '—' : `${f.better === 'lower' ? '≤' : '≥'} ${f.target} ${f.unit}`} | ${f.note ?? ''} |`,
    )
    .join('\n');
  const doc = `# Reliability drills

Written by \`npm run reliability\` (bench/reliability.ts via scripts/reliability.sh): a broker stack of
its own on other ports, \`next start\` on :${PORT}, the probe at ${RATE} msg/s to each broker, and the
latency page open in Chromium throughout. Run ${started.toISOString()} → ${new Date().toISOString()} on
${machine()}.

| figure | value | target | note |
| - | - | - | - |
${table}

${out.report.join('\n')}`;
  // RELIABILITY_NAME keeps a partial rerun (e.g. NATS only, after a fix) beside the full run.
  const name = process.env.RELIABILITY_NAME ?? 'reliability';
  writeFileSync(`docs/${name}.md`, doc);
  writeResults(name, out.figures);
  log(`done: docs/${name}.md, bench/results/${name}.json`);
}

async function main(): Promise<void> {
  const started = new Date();
  const out: Findings = { figures: {}, report: [] };
  const rig = await startRig();
  try {
    await waitForProbe(rig);
    await natsRestarts(rig, out);
    await natsFreeze(rig, out);
    await kafkaRestarts(rig, out);
    await dashboardRestart(rig, out);
    await sseLoad(out);
  } finally {
    await stopRig(rig);
  }
  out.report.push(`Dialogs opened by the page during the run: ${rig.dialogs.length}.`, '');
  writeReport(started, out);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
