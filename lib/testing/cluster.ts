import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseConfig, type ServerConfig } from '@/lib/config';

/**
 * Test helpers for the 3-node cluster (`bash scripts/stack-up.sh --cluster`): its
 * addresses, read from the cluster.env it writes, and its per-node kill/stop/start.
 */

// Every caller (vitest, scripts, playwright.config.ts) runs from the repository's root.
const ROOT = path.resolve();

/** Where scripts/cluster-up.sh writes the cluster's seed lists (follows CUTOVER_RUN_DIR). */
export function clusterEnvFile(): string {
  return path.join(
    path.resolve(ROOT, process.env.CUTOVER_RUN_DIR ?? '.cutover/run'),
    'cluster.env',
  );
}

/** The variables of cluster.env (`export NAME=value` lines), or null if the cluster is down. */
export function readClusterEnv(file = clusterEnvFile()): Record<string, string> | null {
  if (!existsSync(file)) return null;
  const vars: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined) vars[m[1]] = m[2].trim();
  }
  return vars;
}

/**
 * The configuration of a process pointed at the cluster: this process's environment with
 * cluster.env's seed lists over it. Throws, saying how to start it, if the cluster is down.
 */
export function clusterConfig(): ServerConfig {
  const vars = readClusterEnv();
  if (!vars)
    throw new Error(
      `the cluster is not running (no ${clusterEnvFile()}): start it with ` +
        '`CUTOVER_TOOLS_DIR=$HOME/.cache/cutover/tools bash scripts/stack-up.sh --cluster`',
    );
  return parseConfig({ ...process.env, ...vars });
}

export type ClusterNodeKind = 'nats' | 'kafka';
export type ClusterNodeAction = 'kill' | 'stop' | 'start' | 'freeze' | 'thaw';

/**
 * Runs `scripts/cluster-node.sh ACTION KIND N` without blocking this thread (a probe's
 * consumers keep running meanwhile); resolves with the node's PID once it is done (start:
 * once the node serves again).
 */
export async function clusterNode(
  action: ClusterNodeAction,
  kind: ClusterNodeKind,
  node: number,
): Promise<number> {
  const { stdout } = await promisify(execFile)(
    'bash',
    [path.join(ROOT, 'scripts/cluster-node.sh'), action, kind, String(node)],
    { cwd: ROOT, timeout: 180_000 },
  );
  return Number(stdout.trim().split('\n').pop());
}

/** Every node's state as `cluster-node.sh status` reports it, e.g. { 'kafka-n2': 'down' }. */
export async function clusterStatus(): Promise<Record<string, 'up' | 'down'>> {
  const { stdout } = await promisify(execFile)(
    'bash',
    [path.join(ROOT, 'scripts/cluster-node.sh'), 'status'],
    { cwd: ROOT },
  );
  return Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((l) => l.split(' '))
      .map(([name, state]) => [name, state === 'up' ? 'up' : 'down']),
  );
}

/** The node number (1..3) in a NATS server name (cutover-n2) or a Kafka node id (2). */
export function nodeNumber(nameOrId: string | number): number {
  const n = typeof nameOrId === 'number' ? nameOrId : Number(/-n(\d+)$/.exec(nameOrId)?.[1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`not a cluster node: ${nameOrId}`);
  return n;
}
