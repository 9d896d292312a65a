import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { execFileSync } from 'node:child_process';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Admin } from '@platformatic/kafka';
import { inSync, type NatsPeer } from '@/lib/cluster';
import type { ServerConfig } from '@/lib/config';
import { ADMIN_REQUEST_TIMEOUT_MS } from '@/lib/kafka';
import { clusterNode, nodeNumber } from './cluster';

/**
 * The failover drill's moves against the 3-node cluster of scripts/stack-up.sh --cluster:
 * which node leads, a fault on it, the new leader, and the node back in sync. Shared by
 * `npm run drill:failover` (bench/failover.ts) and its short e2e (e2e/failover.spec.ts).
 * Nodes are named as the scripts name them: NATS server `cutover-n<N>`, Kafka node.id N.
 */
export type FaultKind =
  'nats_kill' | 'nats_stepdown' | 'kafka_kill' | 'kafka_shutdown' | 'kafka_freeze';
export const FAULT_KINDS: readonly FaultKind[] = [
  'nats_kill',
  'nats_stepdown',
  'kafka_kill',
  'kafka_shutdown',
  'kafka_freeze',
];

export const FAULT_LABELS: Record<FaultKind, string> = {
  nats_kill: 'kill -9 of the IOT_SENSORS stream leader',
  nats_stepdown: 'nats stream cluster step-down (graceful)',
  kafka_kill: 'kill -9 of the broker leading most partitions',
  kafka_shutdown: 'controlled shutdown (SIGTERM) of that broker',
  kafka_freeze:
    'that broker hung (SIGSTOP: it accepts connections, answers nothing) until its leaderships moved',
};

const run = promisify(execFile);

export const backendOf = (kind: FaultKind): 'nats' | 'kafka' =>
  kind.startsWith('nats') ? 'nats' : 'kafka';

export interface StreamLeadership {
  /** Server name of the stream leader; null while there is none. */
  leader: string | null;
  /** Followers as the leader reports them. */
  replicas: NatsPeer[];
}

/** The stream's leader and followers (STREAM.INFO through any node that answers). */
export async function streamLeadership(
  jsm: JetStreamManager,
  stream: string,
): Promise<StreamLeadership | null> {
  try {
    const info = await jsm.streams.info(stream);
    const c = info.cluster;
    return {
      leader: c?.leader ?? null,
      replicas: (c?.replicas ?? []).map((r) => ({
        name: r.name,
        current: r.current,
        lag: r.lag ?? 0,
        offline: r.offline ?? false,
        activeMs: (r.active ?? 0) / 1e6,
      })),
    };
  } catch {
    return null;
  }
}

export interface TopicLeadership {
  /** Leader node id per partition; -1 while a partition has none. */
  leaders: number[];
  isr: number[][];
  replicas: number[][];
}

/** Partition leaders and ISR of `topic`, from fresh metadata. */
export async function topicLeadership(
  admin: Admin,
  topic: string,
): Promise<TopicLeadership | null> {
  try {
    const m = await admin.metadata({ topics: [topic], forceUpdate: true, autocreateTopics: false });
    const t = m.topics.get(topic);
    if (!t) return null;
    return {
      leaders: t.partitions.map((p) => p.leader),
      isr: t.partitions.map((p) => [...p.isr]),
      replicas: t.partitions.map((p) => [...p.replicas]),
    };
  } catch {
    return null;
  }
}

/** The node leading the most partitions (the lowest id on a tie). */
export function busiestLeader(t: TopicLeadership): number {
  const counts = new Map<number, number>();
  for (const l of t.leaders) if (l >= 0) counts.set(l, (counts.get(l) ?? 0) + 1);
  let best = -1;
  let most = -1;
  for (const [id, n] of [...counts].sort((a, b) => a[0] - b[0]))
    if (n > most) [best, most] = [id, n];
  return best;
}

/**
 * Every replica in sync by the cluster view's rule (lib/cluster inSync: current, or heard
 * from lately and close behind), or every partition with a leader and its full ISR (Kafka).
 */
export const streamHealthy = (s: StreamLeadership | null, replicas: number): boolean =>
  s !== null &&
  s.leader !== null &&
  s.replicas.length === replicas - 1 &&
  s.replicas.every((r) => !r.offline && inSync(r));

export const topicHealthy = (t: TopicLeadership | null): boolean =>
  t !== null &&
  t.leaders.every((l) => l >= 0) &&
  t.isr.every((isr, i) => isr.length === (t.replicas[i]?.length ?? 0));

/** Polls `probe` every 100 ms until it returns a value, or null after timeoutMs. */
export async function pollUntil<T>(
  probe: () => Promise<T | null | undefined>,
  timeoutMs: number,
): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v !== null && v !== undefined) return v;
    await sleep(100);
  }
  return null;
}

export interface FaultTargets {
  jsm: JetStreamManager;
  admin: Admin;
  stream: string;
  topic: string;
  replicas: number;
  /** natscli binary (scripts/install-natscli.sh) and its connection flags. */
  natsCli: { bin: string; args: string[] };
}

export interface FaultOutcome {
  kind: FaultKind;
  /** Node the fault hit: cutover-n<N> or kafka node id. */
  target: string;
  /** When the fault was applied (this process's clock). */
  atMs: number;
  /** Old leader(s): NATS server name; Kafka: partitions the target led. */
  before: string;
  /** The new leader (NATS) or "every partition led by another node" (Kafka); null: none in time. */
  after: string | null;
  newLeaderMs: number | null;
  /** The fault's command failed (e.g. natscli gave up waiting for a leader); null if not. */
  commandError: string | null;
}

/** Waits for a fault's command; its failure is part of what the drill saw, not an end. */
const outcomeOf = (fault: Promise<unknown>): Promise<string | null> =>
  fault.then(
    () => null,
    (err: unknown) =>
      (err instanceof Error ? err.message : String(err)).split('\n').filter(Boolean).at(-1) ??
      'failed',
  );

/**
 * Applies one fault and waits (up to leaderTimeoutMs) for a new leader: a NATS stream
 * leader other than the target, or every partition of the topic led by a node other than
 * the target. The node is not restarted here (see recover).
 */
export async function applyFault(
  kind: FaultKind,
  t: FaultTargets,
  leaderTimeoutMs = 60_000,
): Promise<FaultOutcome> {
  if (backendOf(kind) === 'nats') {
    // As an operator would, a fault waits (up to 30 s) for every follower to be fully
    // current: a step-down while a restarted follower is still catching up left the stream
    // without a leader for over a minute.
    const s =
      (await pollUntil(async () => {
        const now = await streamLeadership(t.jsm, t.stream);
        return now?.leader && now.replicas.every((r) => r.current && !r.offline) ? now : null;
      }, 30_000)) ?? (await streamLeadership(t.jsm, t.stream));
    if (!s?.leader) throw new Error(`${t.stream} has no leader before the fault`);
    const old = s.leader;
    const atMs = Date.now();
    // The new leader is watched for while the fault runs: a graceful one hands over
    // before its command returns.
    // Its outcome is taken at once, so a failure while the leader is awaited is recorded.
    const fault = outcomeOf(
      kind === 'nats_kill'
        ? clusterNode('kill', 'nats', nodeNumber(old))
        : run(t.natsCli.bin, [...t.natsCli.args, 'stream', 'cluster', 'step-down', t.stream], {
            timeout: 30_000,
          }),
    );
    const next = await pollUntil(async () => {
      const now = await streamLeadership(t.jsm, t.stream);
      return now?.leader && now.leader !== old ? now.leader : null;
    }, leaderTimeoutMs);
    const newLeaderMs = next === null ? null : Date.now() - atMs;
    const commandError = await fault;
    return {
      kind,
      target: old,
      atMs,
      before: old,
      after: next,
      newLeaderMs,
      commandError,
    };
  }
  const before = await topicLeadership(t.admin, t.topic);
  if (!before) throw new Error(`${t.topic} has no metadata before the fault`);
  const node = busiestLeader(before);
  const led = before.leaders.filter((l) => l === node).length;
  const atMs = Date.now();
  const action = kind === 'kafka_kill' ? 'kill' : kind === 'kafka_freeze' ? 'freeze' : 'stop';
  const fault = outcomeOf(clusterNode(action, 'kafka', node));
  const moved = await pollUntil(async () => {
    const now = await topicLeadership(t.admin, t.topic);
    return now && now.leaders.every((l) => l >= 0 && l !== node) ? now : null;
  }, leaderTimeoutMs);
  const newLeaderMs = moved ? Date.now() - atMs : null;
  const commandError = await fault;
  return {
    kind,
    target: String(node),
    atMs,
    before: `node ${node} led ${led} of ${before.leaders.length} partitions`,
    after: moved ? `leaders ${[...new Set(moved.leaders)].sort().join(',')}` : null,
    newLeaderMs,
    commandError,
  };
}

/**
 * Brings the node a fault took down back (same data dir) and waits until the cluster is
 * whole again: every stream replica current, or every partition's ISR full. Returns the
 * ms from the restart to whole, null if not within timeoutMs.
 */
export async function recover(
  o: FaultOutcome,
  t: FaultTargets,
  timeoutMs = 120_000,
): Promise<number | null> {
  const t0 = Date.now();
  if (o.kind === 'nats_kill') await clusterNode('start', 'nats', nodeNumber(o.target));
  if (o.kind === 'kafka_kill' || o.kind === 'kafka_shutdown')
    await clusterNode('start', 'kafka', Number(o.target));
  if (o.kind === 'kafka_freeze') await clusterNode('thaw', 'kafka', Number(o.target));
  const whole = await pollUntil(
    async () =>
      backendOf(o.kind) === 'nats'
        ? streamHealthy(await streamLeadership(t.jsm, t.stream), t.replicas) || null
        : topicHealthy(await topicLeadership(t.admin, t.topic)) || null,
    timeoutMs,
  );
  return whole ? Date.now() - t0 : null;
}

/**
 * The probe's JSON summary from its stdout: the last block that starts with "{" on a line
 * of its own (when stdout is not a terminal, the per-second lines come before it).
 */
export function probeSummaryFrom<T>(stdout: string): T {
  const at = stdout.lastIndexOf('\n{\n');
  const json = stdout.startsWith('{\n') && at < 0 ? stdout : stdout.slice(at + 1);
  return JSON.parse(json) as T;
}

/**
 * Connections for a drill against the cluster of `config`: a NATS client on the whole seed
 * list that reconnects for ever, a Kafka admin client, natscli with the same credentials.
 * close() ends both clients.
 */
export async function connectFaultTargets(
  config: ServerConfig,
  clientId: string,
): Promise<FaultTargets & { nc: NatsConnection; close: () => Promise<void> }> {
  const nc = await connect({
    servers: config.natsServers,
    user: config.natsUser,
    pass: config.natsPass,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
  });
  const admin = new Admin({
    clientId,
    bootstrapBrokers: config.kafkaBrokers,
    requestTimeout: ADMIN_REQUEST_TIMEOUT_MS,
  });
  const bin = execFileSync('bash', ['scripts/install-natscli.sh'], { encoding: 'utf8' }).trim();
  return {
    nc,
    jsm: await jetstreamManager(nc),
    admin,
    stream: 'IOT_SENSORS',
    topic: 'iot-sensor-v1',
    replicas: config.replicas,
    natsCli: {
      bin,
      args: [
        '--server',
        config.natsServers.join(','),
        '--user',
        config.natsUser,
        '--password',
        config.natsPass,
      ],
    },
    close: async () => {
      await nc.close();
      await admin.close();
    },
  };
}
