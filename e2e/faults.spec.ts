import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Producer, stringSerializers } from '@platformatic/kafka';
import { expect, test, type Page } from '@playwright/test';
import { parseConfig } from '@/lib/config';
import {
  BrokerProcess,
  dataAfter,
  firstAfter,
  sseAfter,
  sseReader,
  transportEvents,
  watchTransports,
  startBeat,
} from '@/lib/testing/faults';

// These tests stop and freeze brokers, so they get a stack and a dashboard of their own,
// on other ports: the shared stack the other tests use is never touched.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 5;
const BASE = `http://127.0.0.1:${PORT}`;
const NATS_PORT = Number(process.env.E2E_FAULTS_NATS_PORT ?? 4322);
const KAFKA_PORT = Number(process.env.E2E_FAULTS_KAFKA_PORT ?? 9392);
const dirs = {
  runDir: path.resolve('.cutover/run-e2e-faults'),
  logDir: path.resolve('.cutover/logs-e2e-faults'),
  natsMonitorPort: NATS_PORT + 4000,
  kafkaPort: KAFKA_PORT,
};
const env: NodeJS.ProcessEnv = {
  ...process.env,
  CUTOVER_RUN_DIR: dirs.runDir,
  CUTOVER_LOG_DIR: dirs.logDir,
  CUTOVER_NATS_PORT: String(NATS_PORT),
  CUTOVER_NATS_WS_PORT: String(NATS_PORT + 1),
  CUTOVER_NATS_MONITOR_PORT: String(dirs.natsMonitorPort),
  CUTOVER_KAFKA_PORT: String(KAFKA_PORT),
  CUTOVER_KAFKA_CONTROLLER_PORT: String(KAFKA_PORT + 1),
  CUTOVER_NATS_WS_ALLOWED_ORIGINS: BASE,
  CUTOVER_NATS_URL: '',
  CUTOVER_NATS_WS_URL: '',
  CUTOVER_KAFKA_BROKERS: '',
  CUTOVER_SOURCE: 'live',
  NEXT_TELEMETRY_DISABLED: '1',
};
const config = parseConfig(env);

let dashboard: ChildProcess | undefined;
let nc: NatsConnection | undefined;
let producer: Producer<string, string, string, string> | undefined;
let stopBeat: (() => void) | undefined;

function stack(script: 'stack-up' | 'stack-down'): void {
  const r = spawnSync('bash', [`scripts/${script}.sh`], { env, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${script} failed`);
}

async function startDashboard(): Promise<number> {
  // A process group of its own, so that stopping it stops next-server too.
  dashboard = spawn('node_modules/.bin/next', ['start', '-p', String(PORT), '-H', '127.0.0.1'], {
    env,
    stdio: 'ignore',
    detached: true,
  });
  await expect
    .poll(
      () =>
        fetch(BASE).then(
          (r) => r.status,
          () => 0,
        ),
      { timeout: 60_000 },
    )
    .toBe(200);
  return Date.now();
}

async function stopDashboard(): Promise<void> {
  if (!dashboard?.pid) return;
  const exited = new Promise((r) => dashboard!.once('exit', r));
  process.kill(-dashboard.pid, 'SIGTERM');
  await exited;
  dashboard = undefined;
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  stack('stack-up');
  await startDashboard();
  nc = await connect({
    servers: config.natsServers,
    user: config.natsUser,
    pass: config.natsPass,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
  });
  producer = new Producer({
    clientId: 'e2e-faults',
    bootstrapBrokers: config.kafkaBrokers,
    serializers: stringSerializers,
    retries: 0,
  });
  stopBeat = startBeat({
    nats: nc,
    producer,
    topic: config.samplesTopic,
    probeId: 'e2e-faults',
    backends: { nats: 'faults-nats', kafka: 'faults-kafka' },
  });
});

test.afterAll(async () => {
  test.setTimeout(120_000);
  stopBeat?.();
  await nc?.close().catch(() => undefined);
  await Promise.race([producer?.close(), sleep(5000)]);
  await stopDashboard();
  stack('stack-down');
});

async function openLive(page: Page): Promise<void> {
  await page.goto(BASE);
  for (const t of ['nats', 'kafka'])
    await expect(page.getByTestId(`transport-${t}`)).toHaveAttribute('data-state', 'live', {
      timeout: 30_000,
    });
  await watchTransports(page);
}

// How fast the page reacts and recovers is measured, against its targets, by
// `npm run reliability` (bench/reliability.ts, docs/reliability.md): these tests check what
// the page does, and bound only how long they wait for it.

test('faults - NATS restarts: the page says "reconnecting", live data comes back once the server is, and it never gives up', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openLive(page);
  const nats = BrokerProcess.attach('nats', dirs);
  for (let i = 0; i < 2; i += 1) {
    const killAt = Date.now();
    await nats.stop();
    const upAt = await nats.start();
    await expect
      .poll(async () => dataAfter(await transportEvents(page), 'nats', upAt), { timeout: 10_000 })
      .toBeTruthy();
    const events = await transportEvents(page);
    const reconnecting = firstAfter(events, 'nats', killAt, (e) => e.state === 'reconnecting');
    expect(reconnecting, `restart ${i + 1}: never showed reconnecting`).toBeTruthy();
  }
  const states = (await transportEvents(page)).filter((e) => e.transport === 'nats');
  expect(states.filter((e) => /closed|unavailable/.test(e.state))).toEqual([]);
  await expect(page.getByTestId('transport-nats')).toHaveAttribute('data-state', 'live');
});

test('faults - NATS frozen (SIGSTOP): the page turns stale by its own clock and is live again after SIGCONT', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await openLive(page);
  const nats = BrokerProcess.attach('nats', dirs);
  const stopAt = Date.now();
  nats.freeze();
  try {
    await expect(page.getByTestId('transport-nats')).toHaveAttribute('data-state', 'stale', {
      timeout: 8_000,
    });
    await page.waitForTimeout(Math.max(0, stopAt + 8_000 - Date.now()));
  } finally {
    nats.thaw();
  }
  const contAt = Date.now();
  await expect
    .poll(async () => dataAfter(await transportEvents(page), 'nats', contAt), { timeout: 10_000 })
    .toBeTruthy();
  const events = await transportEvents(page);
  // Stale while frozen: the page's own clock moved on with no data and no disconnect.
  expect(firstAfter(events, 'nats', stopAt, (e) => e.state === 'stale')!.atMs).toBeLessThan(contAt);
  await expect(page.getByTestId('transport-nats')).toHaveAttribute('data-state', 'live');
});

test('faults - Kafka stopped: SSE clients get an explicit "Kafka unavailable" event, and data again once the broker is back, from the same server process', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openLive(page);
  const serverPid = dashboard!.pid;
  const sse = sseReader(`${BASE}/api/stream`);
  const kafka = BrokerProcess.attach('kafka', dirs);
  try {
    await expect.poll(() => sse.events.some((e) => e.event === 'sample')).toBe(true);
    const killAt = Date.now();
    await kafka.stop();
    await expect(page.getByTestId('transport-kafka')).toHaveAttribute('data-state', 'unavailable');
    await expect(page.getByTestId('transport-kafka')).toContainText('Kafka unavailable');
    const unavailable = sseAfter(
      sse.events,
      killAt,
      (e) => e.event === 'status' && JSON.parse(e.data).type === 'unavailable',
    );
    expect(unavailable, 'no "unavailable" status event').toBeTruthy();
    expect(JSON.parse(unavailable!.data).reason).toMatch(/^Kafka unavailable: /);

    const upAt = await kafka.start();
    await expect
      .poll(() => sseAfter(sse.events, upAt, (e) => e.event === 'sample'), { timeout: 20_000 })
      .toBeTruthy();
    await expect(page.getByTestId('transport-kafka')).toHaveAttribute('data-state', 'live');
    expect(dashboard!.pid).toBe(serverPid);
  } finally {
    sse.close();
  }
});

test('faults - a restarted dashboard reads the Kafka tail (no consumer-group session to wait out)', async () => {
  test.setTimeout(90_000);
  await stopDashboard();
  const readyAt = await startDashboard();
  const sse = sseReader(`${BASE}/api/stream`);
  try {
    await expect
      .poll(() => sse.events.find((e) => e.event === 'sample'), { timeout: 15_000 })
      .toBeTruthy();
    // New data, not the server's history of before the restart.
    expect(sse.events.find((e) => e.event === 'sample')!.atMs).toBeGreaterThanOrEqual(readyAt);
  } finally {
    sse.close();
  }
});

test('faults - a dashboard restarted under an open page exits on SIGTERM, and the page reads Kafka again without a reload', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openLive(page);
  const windows = async () =>
    Number(
      /([\d,]+) windows/
        .exec((await page.getByTestId('transport-kafka').textContent()) ?? '')?.[1]
        ?.replace(/,/g, '') ?? 0,
    );
  // The page polls /api/migration and its EventSource retries on kept-alive connections:
  // stopping must not wait on them. A hang fails on the test's timeout.
  await stopDashboard();
  await startDashboard();
  // While it was down the browser got 503s and errors; its feed must come back by itself.
  const before = await windows();
  await expect.poll(windows, { timeout: 30_000 }).toBeGreaterThan(before);
  await expect(page.getByTestId('transport-kafka')).toHaveAttribute('data-state', 'live');
});
