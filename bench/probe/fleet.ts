/**
 * Fleet vs one probe: probe processes started as an operator would (scripts/probe.ts,
 * each with its own id and ledger), their windows read back from NATS
 * (cutover.v1.samples.<backend>.<probe>) and merged as histograms, as the dashboard does.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { mergeHistograms, percentileUs } from '@/lib/latency';
import type { ProbeSummary } from '@/lib/probe';
import { decodeSample, samplesSubject, type LatencyWindow } from '@/lib/samples';
import { config, log, sleep, track, usToMs, type Percentiles } from './common';

export interface MergedBackend extends Percentiles {
  /** Messages measured (merged e2e count). */
  count: number;
  sendDelayP99Ms: number;
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

let shardFlag: boolean | undefined;
/** Whether the probe CLI splits a total rate with --shard i/n (issue 15's fleet work). */
function probeHasShard(): boolean {
  shardFlag ??= execFileSync('node', ['--import', 'tsx', 'scripts/probe.ts', '--help'], {
    encoding: 'utf8',
  }).includes('--shard');
  return shardFlag;
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

/** Runs `count` probe processes sharing `totalRate` for `seconds`, and merges their windows. */
export async function runProbes(
  label: string,
  count: number,
  totalRate: number,
  seconds: number,
): Promise<MergedRun> {
  const tag = randomBytes(3).toString('hex');
  const ids = Array.from({ length: count }, (_, i) => `bench-${label}-${tag}-${i}`);
  const ratePerProbe = Math.round(totalRate / count);
  const nc = await connect({
    servers: config.natsUrl,
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
  const shard = count > 1 && probeHasShard();
  const runs = ids.map((id, i) => {
    const args = ['--import', 'tsx', 'scripts/probe.ts', '--duration', String(seconds)];
    args.push('--probe-id', id, '--ledger', id, '--reset-ledger');
    // --shard is 1-based and takes the fleet's total rate; without it, each its part.
    args.push(
      ...(shard
        ? ['--rate', String(totalRate), '--shard', `${i + 1}/${count}`]
        : ['--rate', String(ratePerProbe)]),
    );
    const child = track(spawn('node', args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-3000)));
    const timer = setTimeout(() => child.kill('SIGINT'), (seconds + 90) * 1000);
    return new Promise<ProbeSummary | null>((resolve) =>
      child.once('exit', (code) => {
        clearTimeout(timer);
        const s = summaryOf(stdout);
        if (!s) log(`${label}: probe ${id} exited ${code} without a summary:\n${stderr}`);
        resolve(s);
      }),
    );
  });
  const summaries = await Promise.all(runs);
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
    };
  }
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
