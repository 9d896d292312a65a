/**
 * Fleet vs one probe: probe processes started as an operator would (npm run fleet), their
 * windows read back from NATS
 * (cutover.v1.samples.<backend>.<probe>) and merged as histograms, as the dashboard does.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { connect } from '@nats-io/transport-node';
import { mergeHistograms, percentileUs } from '@/lib/latency';
import type { ProbeSummary } from '@/lib/probe';
import { decodeSample, samplesSubject, type LatencyWindow } from '@/lib/samples';
import { config, log, sleep, track, usToMs, type Percentiles } from './common';

export interface MergedBackend extends Percentiles {
  /** Messages measured (merged e2e count). */
  count: number;
  sendDelayP99Ms: number;
  /**
   * Other probes' messages its consumers read and set aside, all probes summed: a probe's
   * Kafka groups read the whole topic, so a fleet of n reads n× what one probe does.
   */
  foreign: number;
}

export interface MergedRun {
  label: string;
  probes: number;
  ratePerProbe: number;
  /** Every probe sent and consumed ≥ 99.9% of its schedule on both backends. */
  sustained: boolean;
  /** Seconds between the first and the last probe's first window: how staggered the start was. */
  startSpreadS: number;
  /** Windows merged: every window of every probe of the run. */
  windows: number;
  backends: Record<string, MergedBackend>;
}

function summaryOf(stdout: string): ProbeSummary | null {
  const i = stdout.indexOf('\n{');
  try {
    return JSON.parse(stdout.slice(i + 1)) as ProbeSummary;
  } catch {
    return null;
  }
}

/** Seconds between the first and the last probe's first window with a delivery. */
function startSpreadS(windows: LatencyWindow[], probes: string[]): number {
  const firsts = probes.map((p) =>
    Math.min(...windows.filter((w) => w.probeId === p && w.count > 0).map((w) => w.windowStartMs)),
  );
  const spread = (Math.max(...firsts) - Math.min(...firsts)) / 1000;
  return Number.isFinite(spread) ? spread : 0;
}

/**
 * Runs `count` probes sharing `totalRate` for `seconds` with scripts/fleet.ts (npm run
 * fleet: probe i gets --shard i/count and id <base>-i, one ledger), and merges their windows.
 */
export async function runProbes(
  label: string,
  count: number,
  totalRate: number,
  seconds: number,
): Promise<MergedRun> {
  const base = `bench-${label}-${randomBytes(3).toString('hex')}`;
  const ids = Array.from({ length: count }, (_, i) => `${base}-${i + 1}`);
  const nc = await connect({
    servers: config.natsServers,
    user: config.natsUser,
    pass: config.natsPass,
  });
  const windows: LatencyWindow[] = [];
  for (const id of ids) {
    nc.subscribe(samplesSubject('*', id), {
      callback: (_e, m) => {
        try {
          windows.push(decodeSample(m.data));
        } catch (err) {
          log(`${label}: window refused: ${(err as Error).message}`);
        }
      },
    });
  }
  await nc.flush();
  const child = track(
    spawn(
      'node',
      [
        '--import',
        'tsx',
        'scripts/fleet.ts',
        '--probes',
        String(count),
        '--probe-id',
        base,
        '--rate',
        String(totalRate),
        '--duration',
        String(seconds),
        '--ledger',
        base,
        '--reset-ledger',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    ),
  );
  // The fleet prefixes each line of probe i with "[<base>-i] ": stdout holds their summaries.
  const stdout = new Map<string, string>(ids.map((id) => [id, '']));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const m = /^\[(\S+)\s*\] (.*)$/.exec(line);
    if (m && stdout.has(m[1]!)) stdout.set(m[1]!, `${stdout.get(m[1]!)}${m[2]}\n`);
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-3000)));
  const timer = setTimeout(() => child.kill('SIGINT'), (seconds + 90) * 1000);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  const summaries = ids.map((id) => summaryOf(stdout.get(id)!));
  if (code !== 0 || summaries.some((s) => s === null))
    log(
      `${label}: fleet exited ${code}, ${summaries.filter((s) => s).length} summaries:\n${stderr}`,
    );

  // The last windows are published as each probe stops; give them a moment to arrive.
  await sleep(1000);
  await nc.drain();

  // Every window of the run, drain included: the last messages' deliveries are in it.
  const backends: Record<string, MergedBackend> = {};
  for (const backend of ['kafka', 'nats']) {
    const of = (metric: string) =>
      mergeHistograms(
        windows.filter((w) => w.backend === backend && w.metric === metric).map((w) => w.histogram),
      );
    const e2e = of('e2e');
    backends[backend] = {
      p50Ms: usToMs(percentileUs(e2e, 50)),
      p99Ms: usToMs(percentileUs(e2e, 99)),
      count: e2e.totalCount,
      sendDelayP99Ms: usToMs(percentileUs(of('send_delay'), 99)),
      foreign: summaries.reduce(
        (sum, s) => sum + (s?.backends.find((b) => b.backend === backend)?.foreign ?? 0),
        0,
      ),
    };
  }
  const ratePerProbe = Math.round(totalRate / count);
  const expected = ratePerProbe * seconds;
  return {
    label,
    probes: count,
    ratePerProbe,
    sustained: summaries.every(
      (s) =>
        s !== null &&
        s.backends.every((b) => b.sent >= 0.999 * expected && b.consumed >= 0.999 * expected),
    ),
    startSpreadS: startSpreadS(windows, ids),
    windows: windows.length,
    backends,
  };
}
