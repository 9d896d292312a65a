/**
 * `nats bench` (natscli, scripts/install-natscli.sh): core NATS publish throughput, and a
 * JetStream publish/consume run at the probe's rate and size. natscli reports latency for
 * publishing only (each synchronous publish → ack, closed loop per client); its consumers
 * report throughput alone, so JetStream end to end comes from the bare client instead.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { uniqueId } from '@/lib/testing/stack';
import { config, log, PAYLOAD_BYTES, sleep, track, type Percentiles } from './common';

let bin: string | undefined;
/** The natscli binary, built on first use (a minute or two, before anything is measured). */
export function natscli(): string {
  bin ??= execFileSync('bash', ['scripts/install-natscli.sh'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
    .trim()
    .split('\n')
    .pop()!;
  return bin;
}

/** The installed natscli version, as it reports it. */
export function natscliVersion(): string {
  return execFileSync(natscli(), ['--version'], { encoding: 'utf8' }).trim();
}

const auth = () => [
  '--server',
  config.natsUrl,
  '--user',
  config.natsUser,
  '--password',
  config.natsPass,
];

/** `nats bench pub`: how fast one core NATS client can publish messages of the probe's size. */
export function natsCorePub(): { msgsPerSec: number; line: string } | null {
  const r = spawnSync(
    natscli(),
    [
      'bench',
      'pub',
      `bench.natscli.${uniqueId('n')}`,
      '--msgs',
      '200000',
      '--size',
      `${PAYLOAD_BYTES}B`,
      '--no-progress',
      ...auth(),
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  const text = `${r.stdout}\n${r.stderr}`;
  const m = /([\d,]+) msgs\/sec/.exec(text);
  if (!m) {
    log(`nats bench pub output not understood:\n${text.slice(0, 2000)}`);
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

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000 };

/** "P99: 4,144.60us" or "P99 4,144.60us" → ms; P99.9 is not P99. */
function percentileMs(line: string, p: string): number | null {
  const m = new RegExp(`P${p}:?\\s+([\\d,.]+)(ns|us|µs|ms|s)\\b`).exec(line);
  return m ? Number(m[1]!.replace(/,/g, '')) * UNIT_MS[m[2]!]! : null;
}

export interface NatsJsResult extends Percentiles {
  clients: number;
  /** Publish rate natscli reached (msg/s). */
  pubRate: number;
  /** Rate its consumer received the whole run at (msg/s); null if it did not get it all. */
  consumeRate: number | null;
  pubLine: string;
  consumeLine: string;
}

function run(args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const child = track(
      spawn(natscli(), [...args, '--no-progress', ...auth()], {
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const timer = setTimeout(() => child.kill(), timeoutMs);
    child.once('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

/** Synchronous publishes keep one message in flight per client; each client takes this much. */
const RATE_PER_CLIENT = 2500;

/**
 * `nats bench js pub sync` at `rate` (split over ⌈rate/2,500⌉ clients) for `seconds`, with
 * `nats bench js consume` reading the stream meanwhile; the stream is configured as the
 * probe's (work queue, file storage, R1).
 */
export async function natsJs(rate: number, seconds: number): Promise<NatsJsResult | null> {
  const id = uniqueId('njs').replace('-', '');
  const stream = `BENCH_${id.toUpperCase()}`;
  const nc = await connect({
    servers: config.natsServers,
    user: config.natsUser,
    pass: config.natsPass,
  });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({
    name: stream,
    subjects: [`bench.${id}.>`],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    num_replicas: 1,
  });
  const clients = Math.max(1, Math.ceil(rate / RATE_PER_CLIENT));
  const total = Math.round(rate * seconds);
  const size = `${PAYLOAD_BYTES}B`;
  try {
    const consumed = run(
      ['bench', 'js', 'consume', '--stream', stream, '--msgs', String(total), '--size', size],
      (seconds + 30) * 1000,
    );
    await sleep(300);
    const published = await run(
      [
        'bench',
        'js',
        'pub',
        'sync',
        `bench.${id}.x`,
        '--stream',
        stream,
        '--clients',
        String(clients),
        '--throughput',
        String(rate),
        '--duration',
        `${seconds}s`,
        '--size',
        size,
      ],
      (seconds + 60) * 1000,
    );
    const consumeText = await Promise.race([consumed, sleep(15_000).then(() => '')]);
    // One client prints a "stats" line; several print theirs and an aggregated block.
    const pubLine =
      published.split('\n').find((l) => l.includes('latencies per operation')) ??
      published.split('\n').find((l) => l.includes('publisher stats')) ??
      '';
    const rateLine =
      published.split('\n').find((l) => /publisher (aggregated )?stats/.test(l)) ?? '';
    const p50 = percentileMs(pubLine, '50');
    const p99 = percentileMs(pubLine, '99');
    const pubRate = /([\d,]+) msgs\/sec/.exec(rateLine);
    if (p50 === null || p99 === null || !pubRate) {
      log(`nats bench js pub output not understood:\n${published.slice(-2000)}`);
      return null;
    }
    const consumeLine =
      consumeText.split('\n').find((l) => l.includes('consumer') && l.includes('msgs/sec')) ?? '';
    const consumeRate = /([\d,]+) msgs\/sec/.exec(consumeLine);
    return {
      clients,
      p50Ms: Math.round(p50 * 1000) / 1000,
      p99Ms: Math.round(p99 * 1000) / 1000,
      pubRate: Number(pubRate[1]!.replace(/,/g, '')),
      consumeRate: consumeRate ? Number(consumeRate[1]!.replace(/,/g, '')) : null,
      pubLine: `${rateLine.trim()}${pubLine === rateLine ? '' : ` / ${pubLine.trim()}`}`,
      consumeLine: consumeLine.trim() || 'did not receive every message in time',
    };
  } finally {
    await jsm.streams.delete(stream).catch(() => undefined);
    await nc.close();
  }
}
