/**
 * npm run bench:ui — the dashboard in Debian's Chromium against the real local stack:
 * glass-to-glass latency (window published → visible in the DOM) over the NATS WebSocket
 * and over the Kafka SSE route, main-thread busy time under load, time to the first chart
 * with data, and the first-load JavaScript of each page. Figures → docs/benchmarks.md and
 * bench/results/ui.json. Needs the brokers (npm run stack:up) and a production build.
 */
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from '@playwright/test';
import { connect } from '@nats-io/transport-node';
import { Producer, stringSerializers } from '@platformatic/kafka';
import { serverConfig } from '@/lib/config';
import {
  encodeHistogramWindow,
  encodeRawWindow,
  newLatencyHistogram,
  samplesSubject,
} from '@/lib/samples';
import { machine, row, writeResults, writeSection, type Figure } from './report';

const PORT = Number(process.env.BENCH_UI_PORT ?? 3300);
const BASE = `http://127.0.0.1:${PORT}`;
const config = serverConfig();
const log = (s: string) => console.error(`[bench:ui] ${s}`);
/** A first-chart try that has not drawn by then counts as this long (ms). */
const FIRST_CHART_TIMEOUT_MS = 30_000;

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}

async function startServer(): Promise<() => void> {
  const child = spawn('node_modules/.bin/next', ['start', '-p', String(PORT), '-H', '127.0.0.1'], {
    env: { ...process.env, CUTOVER_SOURCE: 'live', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'ignore',
  });
  for (let i = 0; i < 120; i += 1) {
    if (
      await fetch(BASE).then(
        (r) => r.ok,
        () => false,
      )
    )
      return () => child.kill('SIGTERM');
    await sleep(500);
  }
  throw new Error('dashboard did not start');
}

async function connected(page: Page): Promise<void> {
  for (const t of ['nats', 'kafka'])
    await page
      .getByTestId(`transport-${t}`)
      .and(page.locator('[data-state="waiting"],[data-state="live"]'))
      .waitFor({ timeout: 30_000 });
}

/**
 * Windows published before the timed ones: the first window of a new backend mounts its
 * card and its chart line, a one-off cost per backend that "first chart" measures.
 */
const G2G_WARMUP = 3;

/** Publishes N windows one at a time (after G2G_WARMUP) and times each until the page shows its count. */
async function glassToGlass(
  page: Page,
  send: (backend: string, text: string) => Promise<void>,
  backend: string,
  n: number,
): Promise<number[]> {
  await page.evaluate(() => {
    (window as unknown as { __seen: [string, number][] }).__seen = [];
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('[data-testid^="count-g2g"]')) {
        (window as unknown as { __seen: [string, number][] }).__seen.push([
          `${el.getAttribute('data-testid')}=${el.textContent}`,
          performance.timeOrigin + performance.now(),
        ]);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const sentAt = new Map<string, number>();
  // Sent every 60 ms, one second apart: they start in the past so that none ends ahead of
  // the page's clock (a window more than 30 s ahead is refused as clock_skew).
  const base = Math.floor(Date.now() / 1000) * 1000 - (n + G2G_WARMUP + 1) * 1000;
  for (let i = 1; i <= n + G2G_WARMUP; i += 1) {
    const h = newLatencyHistogram();
    for (let k = 0; k < i; k += 1) h.recordValue(1000 + k);
    const text = encodeHistogramWindow(
      {
        backend,
        probeId: 'bench',
        windowStartMs: base + i * 1000,
        windowEndMs: base + i * 1000 + 1000,
        errors: 0,
        bytes: 0,
      },
      h,
    );
    if (i > G2G_WARMUP) sentAt.set(`count-${backend}=${i.toLocaleString('en-US')}`, Date.now());
    await send(backend, text);
    await sleep(60);
  }
  await sleep(1500);
  const seen = await page.evaluate(
    () => (window as unknown as { __seen: [string, number][] }).__seen,
  );
  const first = new Map<string, number>();
  for (const [k, t] of seen) if (!first.has(k)) first.set(k, t);
  return [...sentAt].flatMap(([k, t]) => (first.has(k) ? [first.get(k)! - t] : []));
}

/**
 * Navigations to the overview, each timed in the page by its own clock from navigation
 * start: when a MutationObserver first sees a drawn chart line, and when a backend's
 * figures are first in the document (the page is rendered with the server's recent past,
 * so those can come before any chart). Polling from here (locator.waitFor) added up to a
 * second. A try that never draws counts at FIRST_CHART_TIMEOUT_MS.
 */
async function firstChartTries(
  browser: Browser,
  label: string,
  tries: number,
): Promise<{ chartMs: number[]; figuresMs: number[]; timedOut: number }> {
  const chartMs: number[] = [];
  const figuresMs: number[] = [];
  let timedOut = 0;
  for (let i = 0; i < tries; i += 1) {
    const p = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await p.addInitScript(() => {
      const w = window as unknown as { __firstChartMs?: number; __firstDataMs?: number };
      new MutationObserver((_, observer) => {
        if (w.__firstDataMs === undefined && document.querySelector('[data-testid^="p99-"]'))
          w.__firstDataMs = performance.now();
        if (!document.querySelector('path.recharts-line-curve[d*="L"]')) return;
        w.__firstChartMs = performance.now();
        observer.disconnect();
      }).observe(document, { subtree: true, childList: true, attributes: true });
    });
    try {
      // Don't wait for "load": on a saturated machine it can take longer than the chart.
      await p.goto(`${BASE}/`, { waitUntil: 'commit', timeout: FIRST_CHART_TIMEOUT_MS });
      await p.waitForFunction(
        () => (window as unknown as { __firstChartMs?: number }).__firstChartMs !== undefined,
        undefined,
        { timeout: FIRST_CHART_TIMEOUT_MS },
      );
      const t = await p.evaluate(() => {
        const w = window as unknown as { __firstChartMs: number; __firstDataMs?: number };
        return { chartMs: w.__firstChartMs, dataMs: w.__firstDataMs };
      });
      chartMs.push(Math.round(t.chartMs));
      if (t.dataMs !== undefined) figuresMs.push(Math.round(t.dataMs));
    } catch {
      timedOut += 1;
      chartMs.push(FIRST_CHART_TIMEOUT_MS);
    }
    log(
      `first chart ${label} try ${i + 1}: ${chartMs.at(-1)} ms (figures at ${figuresMs.at(-1)} ms)`,
    );
    await p.close();
  }
  return { chartMs, figuresMs, timedOut };
}

async function main(): Promise<void> {
  const stop = await startServer();
  const nc = await connect({
    servers: config.natsServers,
    user: config.natsUser,
    pass: config.natsPass,
  });
  const producer = new Producer({
    clientId: 'bench-ui',
    bootstrapBrokers: config.kafkaBrokers,
    serializers: stringSerializers,
  });
  const viaNats = async (backend: string, text: string) => {
    nc.publish(samplesSubject(backend, 'bench'), text);
    await nc.flush();
  };
  const viaKafka = async (backend: string, text: string) => {
    await producer.send({ messages: [{ topic: config.samplesTopic, key: backend, value: text }] });
  };
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const figures: Record<string, Figure> = {};
  try {
    // 1. Glass to glass.
    let page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(`${BASE}/`);
    await connected(page);
    log('glass-to-glass over NATS WebSocket (100 windows)');
    const g2gNats = await glassToGlass(page, viaNats, 'g2g-nats', 100);
    log('glass-to-glass over Kafka → SSE (100 windows)');
    const g2gKafka = await glassToGlass(page, viaKafka, 'g2g-kafka', 100);
    figures.glass_to_glass_p99_nats_ws = {
      value: Math.round(pct(g2gNats, 99)),
      unit: 'ms',
      target: 50,
      better: 'lower',
      note: `p50 ${Math.round(pct(g2gNats, 50))} ms, worst ${Math.round(Math.max(...g2gNats))} ms, ${g2gNats.length}/100 seen`,
    };
    figures.glass_to_glass_p99_kafka_sse = {
      value: Math.round(pct(g2gKafka, 99)),
      unit: 'ms',
      target: 100,
      better: 'lower',
      note: `p50 ${Math.round(pct(g2gKafka, 50))} ms, worst ${Math.round(Math.max(...g2gKafka))} ms, ${g2gKafka.length}/100 seen`,
    };
    log(`glass to glass p99: nats ${pct(g2gNats, 99)} ms, kafka ${pct(g2gKafka, 99)} ms`);
    await page.close();

    // 2. Main-thread busy time: idle anchor, then 20 windows/s per backend + 50,000 raw latencies/s.
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${BASE}/latency?window=1m`);
    await connected(page);
    const busy = async (seconds: number) => {
      const task = async () =>
        (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')
          ?.value ?? 0;
      const t0 = await task();
      const w0 = Date.now();
      await sleep(seconds * 1000);
      return ((await task()) - t0) / ((Date.now() - w0) / 1000);
    };
    /** One window of `count` latencies (2–42 ms) per backend, on both transports. */
    const publishWindows = (probeId: string, startMs: number, count: number) => {
      for (const backend of ['kafka', 'nats']) {
        const h = newLatencyHistogram();
        for (let k = 0; k < count; k += 1) h.recordValue(2000 + ((k * 7919) % 40_000));
        const text = encodeHistogramWindow(
          {
            backend,
            probeId,
            windowStartMs: startMs,
            windowEndMs: startMs + 1000,
            errors: 0,
            bytes: 0,
          },
          h,
        );
        void viaNats(backend, text);
        void viaKafka(backend, text);
      }
    };

    // 2a. First chart at a probe's own rate, one window a second per backend on both
    // transports (what a wall dashboard sees), before the flood below.
    const probeLoad = setInterval(
      () => publishWindows('rate', Math.floor(Date.now() / 1000) * 1000, 1000),
      1000,
    );
    await sleep(5000);
    log("first chart with data after navigation at a probe's rate (5 tries)");
    const probeRate = await firstChartTries(browser, 'at probe rate', 5);
    clearInterval(probeLoad);

    log('main thread idle (10 s)');
    const idle = await busy(10);
    log(
      'main thread under load (20 s): 20 windows/s per backend on both transports + 50,000 raw latencies/s',
    );
    let tick = 0;
    const load = setInterval(() => {
      tick += 1;
      const start = Math.floor(Date.now() / 1000) * 1000 + (tick % 20) * 7; // distinct window keys
      publishWindows(`load${tick % 20}`, start, 500);
      // 2,500 raw latencies per 50 ms tick = 50,000/s.
      const raw = Array.from({ length: 2500 }, (_, k) => 1500 + ((k * 104729 + tick) % 60_000));
      nc.publish(
        samplesSubject('raw', `raw${tick}`),
        encodeRawWindow(
          {
            backend: 'raw',
            probeId: `raw${tick}`,
            windowStartMs: start,
            windowEndMs: start + 1000,
            errors: 0,
            bytes: 0,
          },
          raw,
        ),
      );
    }, 50);
    await sleep(3000);
    const loaded = await busy(20);
    log(
      `main thread busy: ${(idle * 100).toFixed(1)} % idle, ${(loaded * 100).toFixed(1)} % under load`,
    );

    // 3. First chart with data after navigation, while the load runs.
    log('first chart with data after navigation under that load (5 tries)');
    const flooded = await firstChartTries(browser, 'under load', 5);
    clearInterval(load);
    figures.main_thread_busy_under_load = {
      value: Math.round(loaded * 1000) / 10,
      unit: '%',
      target: 30,
      better: 'lower',
    };
    figures.main_thread_busy_idle = {
      value: Math.round(idle * 1000) / 10,
      unit: '%',
      better: 'lower',
      note: 'anchor',
    };
    const chartFigure = (r: Awaited<ReturnType<typeof firstChartTries>>, what: string): Figure => ({
      value: pct(r.chartMs, 50),
      unit: 'ms',
      target: 1500,
      better: 'lower',
      note: `${what}; median of ${r.chartMs.length}, worst ${Math.max(...r.chartMs)} ms${r.timedOut ? `, ${r.timedOut} timed out` : ''}; figures on screen at a median ${pct(r.figuresMs, 50)} ms`,
    });
    figures.first_chart_with_data = chartFigure(
      probeRate,
      "at a probe's rate (1 window/s per backend)",
    );
    figures.first_chart_with_data_under_load = chartFigure(flooded, 'under the load above');

    // 4. First-load JS per page: every script the HTML loads, gzipped.
    for (const route of ['/', '/latency']) {
      const html = await (await fetch(`${BASE}${route}`)).text();
      const srcs = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!))];
      let gz = 0;
      for (const src of srcs)
        gz += gzipSync(
          Buffer.from(await (await fetch(new URL(src, BASE))).arrayBuffer()),
        ).byteLength;
      figures[`first_load_js_${route === '/' ? 'overview' : 'latency'}`] = {
        value: Math.round(gz / 1024),
        unit: 'KB gz',
        target: 200,
        better: 'lower',
        note: `${srcs.length} scripts`,
      };
    }
  } finally {
    await browser.close();
    await nc.drain();
    await producer.close();
    stop();
  }

  writeResults('ui', figures);
  writeSection(
    'ui',
    `## Dashboard in Chromium (\`npm run bench:ui\`)

Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine()}; Debian Chromium headless, production build
(\`next start\`), NATS 2.11.17 and Kafka 3.7.2 on loopback on the same machine.

| figure | value | target | |
| --- | --- | --- | --- |
${Object.entries(figures)
  .map(([k, f]) => row(k.replace(/_/g, ' '), f))
  .join('\n')}

Glass to glass: 100 windows published one by one (60 ms apart), after ${G2G_WARMUP} untimed ones
that mount the backend's card (a one-off per backend; "first chart" covers start-up),
time from the publish call to a MutationObserver seeing the new count in the DOM (both clocks are this machine's wall
clock). Main-thread busy: Chrome's TaskDuration over 20 s while 20 windows/s per backend
arrive on both transports and 50,000 raw latencies/s arrive as \`latency-raw\` messages,
beside 10 s of the same page idle. First chart: navigation start to the first drawn line,
timed in the page by a MutationObserver (performance.now()), at a probe's rate (one window a
second per backend on both transports) and with the load above running; runs before
2026-11-26 19:00 timed it from outside by polling, which added up to a second. First-load JS: every script the page's HTML loads, gzipped.`,
  );
  log('wrote bench/results/ui.json and docs/benchmarks.md');
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
