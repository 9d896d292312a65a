/**
 * npm run bench:soak — the dashboard left open in Debian's Chromium while the probe runs at
 * its sustained rate (SOAK_RATE, default 2,500 msg/s to each broker) for SOAK_MINUTES
 * (default 30). Every 30 s: the page's JS heap after a forced GC, the server's RSS, the
 * page's DOM size and the windows it holds. Growth is measured from the end of a warm-up
 * (SOAK_WARMUP_S, default 330 s) to the end, so start-up allocation is not counted as a leak.
 * Figures → docs/benchmarks.md and bench/results/soak.json. Needs the brokers and a build;
 * the server runs from a copy of the build (.cutover/soak-app) so rebuilding the checkout
 * during a soak cannot pull files from under it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from '@playwright/test';
import { machine, row, writeResults, writeSection, type Figure } from './report';

// 3300: an origin the local stack's NATS WebSocket accepts by default (scripts/lib.sh); a
// page served from any other port gets no NATS feed from a stack started with the defaults.
const PORT = Number(process.env.SOAK_PORT ?? 3300);
const BASE = `http://127.0.0.1:${PORT}`;
const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const RATE = Number(process.env.SOAK_RATE ?? 2500);
// Past the server's fullest ring: its per-second history holds 300 s per backend, and a
// shorter warm-up counts that ring filling up as growth.
const WARMUP_S = Number(process.env.SOAK_WARMUP_S ?? 330);
const SAMPLE_EVERY_MS = 30_000;
const log = (s: string) => console.error(`[bench:soak] ${new Date().toISOString()} ${s}`);

/** Resident set of a process and all its descendants, in bytes (next start forks a worker). */
function treeRssBytes(rootPid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSafe('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readSafe(`/proc/${entry}/stat`);
    const ppid = Number(stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (Number.isFinite(ppid)) children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    const kb = /VmRSS:\s+(\d+)/.exec(readSafe(`/proc/${pid}/status`) ?? '')?.[1];
    total += Number(kb ?? 0) * 1024;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

function readSafe(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** A private copy of the production build, sharing node_modules by symlink. */
function appCopy(): string {
  const dir = path.resolve('.cutover/soak-app');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of ['.next', 'next.config.js', 'package.json', 'public', 'config', 'data']) {
    if (existsSync(f)) cpSync(f, path.join(dir, f), { recursive: true });
  }
  symlinkSync(path.resolve('node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

async function startServer(dir: string): Promise<ChildProcess> {
  const child = spawn(
    'node_modules/.bin/next',
    ['start', dir, '-p', String(PORT), '-H', '127.0.0.1'],
    {
      env: { ...process.env, CUTOVER_SOURCE: 'live', NEXT_TELEMETRY_DISABLED: '1' },
      stdio: 'ignore',
      // Its own process group: `next start` forks next-server, and both must go at the end.
      detached: true,
    },
  );
  for (let i = 0; i < 120; i += 1) {
    if (
      await fetch(BASE).then(
        (r) => r.ok,
        () => false,
      )
    )
      return child;
    await sleep(500);
  }
  process.kill(-child.pid!, 'SIGTERM');
  throw new Error('dashboard did not start');
}

interface Sample {
  atS: number;
  heapBytes: number;
  rssBytes: number;
  probeRssBytes: number;
  domNodes: number;
  tableRows: number;
  windows: number;
}

async function main(): Promise<void> {
  const server = await startServer(appCopy());
  const probeOut: string[] = [];
  const probeLog: string[] = [];
  const probe = spawn(
    'node',
    [
      '--import',
      'tsx',
      'scripts/probe.ts',
      '--rate',
      String(RATE),
      '--duration',
      String(MINUTES * 60 + 30),
      '--probe-id',
      'soak',
      '--reset-ledger',
    ],
    { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  probe.stdout.on('data', (b: Buffer) => probeOut.push(b.toString()));
  probe.stderr.on('data', (b: Buffer) => probeLog.push(b.toString()));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const samples: Sample[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    await page.goto(`${BASE}/latency?window=5m`);
    const t0 = Date.now();
    const end = t0 + MINUTES * 60_000;
    while (Date.now() < end) {
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      const dom = await page.evaluate(() => ({
        nodes: document.getElementsByTagName('*').length,
        rows: document.querySelectorAll('tr').length,
        text: document.querySelector('[data-testid="transport-nats"]')?.textContent ?? '',
      }));
      const s: Sample = {
        atS: Math.round((Date.now() - t0) / 1000),
        heapBytes: usedSize,
        rssBytes: treeRssBytes(server.pid!),
        probeRssBytes: treeRssBytes(probe.pid!),
        domNodes: dom.nodes,
        tableRows: dom.rows,
        windows: Number(/([\d,]+) windows/.exec(dom.text)?.[1]?.replace(/,/g, '') ?? 0),
      };
      samples.push(s);
      log(
        `t=${s.atS}s heap ${(s.heapBytes / 2 ** 20).toFixed(1)} MiB, server RSS ${(s.rssBytes / 2 ** 20).toFixed(0)} MiB, probe RSS ${(s.probeRssBytes / 2 ** 20).toFixed(0)} MiB, DOM ${s.domNodes} nodes / ${s.tableRows} rows, ${s.windows} NATS windows`,
      );
      await sleep(Math.min(SAMPLE_EVERY_MS, Math.max(0, end - Date.now())));
    }
  } finally {
    await browser.close();
    probe.kill('SIGINT');
    await new Promise((r) => probe.once('exit', r));
    process.kill(-server.pid!, 'SIGTERM');
  }
  // The probe's per-second lines (consumed and p99 per broker) and its errors, kept for
  // reading a lagging lane after the fact.
  const probeFile = path.resolve('.cutover/logs/soak-probe.log');
  mkdirSync(path.dirname(probeFile), { recursive: true });
  writeFileSync(probeFile, probeOut.join('') + probeLog.join(''));
  log(`probe output: ${probeFile}`);
  const base = samples.find((s) => s.atS >= WARMUP_S) ?? samples[0]!;
  const last = samples.at(-1)!;
  const after = samples.filter((s) => s.atS >= WARMUP_S);
  const mib = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
  const figures: Record<string, Figure> = {
    browser_heap_growth: {
      value: mib(last.heapBytes - base.heapBytes),
      unit: 'MiB',
      target: 5,
      better: 'lower',
      note: `${mib(base.heapBytes)} → ${mib(last.heapBytes)} MiB after forced GC, t=${base.atS}s → ${last.atS}s`,
    },
    server_rss_growth: {
      value: Math.round(((last.rssBytes - base.rssBytes) / base.rssBytes) * 1000) / 10,
      unit: '%',
      target: 10,
      better: 'lower',
      note: `${mib(base.rssBytes)} → ${mib(last.rssBytes)} MiB (next start and its workers)`,
    },
    dom_nodes_spread: {
      value: Math.max(...after.map((s) => s.domNodes)) - Math.min(...after.map((s) => s.domNodes)),
      unit: 'nodes',
      better: 'lower',
      note: `${Math.min(...after.map((s) => s.domNodes))}–${Math.max(...after.map((s) => s.domNodes))} nodes after warm-up: bounded rings draw a bounded page`,
    },
    windows_received: {
      value: last.windows,
      unit: 'windows',
      better: 'higher',
      note: 'NATS transport, the whole run',
    },
    probe_rss: {
      value: mib(last.probeRssBytes),
      unit: 'MiB',
      better: 'lower',
      note: `the load generator, not the dashboard: ${mib(base.probeRssBytes)} MiB at t=${base.atS}s`,
    },
    soak_minutes: { value: MINUTES, unit: 'min', target: 30, better: 'higher' },
    probe_rate: { value: RATE, unit: 'msg/s', better: 'higher', note: 'to each broker' },
  };
  // The probe prints its summary (JSON) on stdout when it has drained.
  const out = probeOut.join('');
  const at = out.startsWith('{') ? 0 : out.lastIndexOf('\n{\n') + 1;
  const summary = (at > 0 || out.startsWith('{') ? safeJson(out.slice(at)) : null) as {
    durationSeconds: number;
    backends: { backend: string; sent: number; consumed: number; achievedRate: number }[];
  } | null;
  for (const b of summary?.backends ?? []) {
    figures[`probe_achieved_rate_${b.backend}`] = {
      value: Math.round(b.achievedRate),
      unit: 'msg/s',
      target: RATE,
      better: 'higher',
      note: `${b.sent.toLocaleString('en-US')} sent, ${b.consumed.toLocaleString('en-US')} consumed in ${Math.round(summary!.durationSeconds)} s`,
    };
  }
  if (!summary) log(`probe printed no summary; its log:\n${probeLog.join('').slice(-2000)}`);
  writeResults('soak', figures, { samples });
  writeSection(
    'soak',
    `## Soak (\`npm run bench:soak\`)

${new Date().toISOString().slice(0, 10)}, ${machine()}. The latency page (\`/latency?window=5m\`) open in
Chromium for ${MINUTES} min while \`npm run probe -- --rate ${RATE}\` dual-writes to a dedicated local
stack; heap read after a forced GC every 30 s; growth counted from t=${base.atS}s (after warm-up).

| figure | value | target | |
| --- | --- | --- | --- |
${Object.entries(figures)
  .map(([k, f]) => row(k, f))
  .join('\n')}`,
  );
  log(JSON.stringify(figures, null, 2));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
