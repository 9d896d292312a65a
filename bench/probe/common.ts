/**
 * What every part of bench:probe shares: the brokers, the payload size, the clock, a
 * timestamped log, and the small arithmetic that turns µs into reported figures.
 */
import type { ChildProcess } from 'node:child_process';
import { loadMigrationConfig, serverConfig } from '@/lib/config';
import { sensorPayload } from '@/lib/probe';

export const config = serverConfig();
export const migration = loadMigrationConfig();

/** The case study's sensor JSON at 128 metrics: every anchor sends messages of this size. */
export const PAYLOAD_BYTES = sensorPayload('0'.repeat(32), Date.now()).byteLength;

const startedMs = Date.now();

/** Progress on stderr, stamped with the time since the benchmark started. */
export function log(message: string): void {
  const s = Math.round((Date.now() - startedMs) / 1000);
  const stamp = `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  console.error(`[bench:probe +${stamp}] ${message}`);
}

export { setTimeout as sleep } from 'node:timers/promises';

/**
 * Wall-clock µs with sub-ms resolution, as the probe reads it (lib/probe's clock): the
 * bare clients and the floor measure from intended send times on the same clock.
 */
export function nowUs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

/** µs → ms, to the µs. */
export const usToMs = (us: number) => Math.round(us) / 1000;

/** a / b to two decimals; null when there is no anchor to divide by. */
export function ratio(a: number, b: number | null | undefined): number | null {
  return b === null || b === undefined || !(b > 0) ? null : Math.round((a / b) * 100) / 100;
}

/** p50/p99 of one measured latency, in ms. */
export interface Percentiles {
  p50Ms: number;
  p99Ms: number;
}

const children = new Set<ChildProcess>();
/**
 * Keeps a child process to be killed if the benchmark exits first: a tool paused with
 * SIGSTOP would otherwise outlive it.
 */
export function track<T extends ChildProcess>(child: T): T {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}
process.once('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});
