/**
 * One probe's part of a fleet. A fleet splits by `--shard i/n`, each probe knowing only
 * its own i and n, rather than by a coordinator in NATS KV: nothing is shared at run time
 * (a probe on another host needs no lease, no heartbeat, no election, and a fleet keeps
 * its split when NATS, which it measures, is the thing that stalls), the split is a pure
 * function that is easy to check (rates and devices sum exactly to the fleet's), and a
 * restarted probe takes back exactly its own part. The cost: the operator starts n probes
 * with the same n (scripts/fleet.ts does it on one host; docs/fleet.md on several).
 */
export interface FleetShard {
  /** 0-based: shard "1/4" on the command line is index 0. */
  index: number;
  count: number;
}

/** A probe alone: the whole fleet. */
export const WHOLE_FLEET: FleetShard = { index: 0, count: 1 };

/** A refused `--shard` value, with why. */
export class ShardRejected extends Error {
  override name = 'ShardRejected';
}

/** Parses "i/n" (1 ≤ i ≤ n, 1-based as Playwright's and Jest's --shard). */
export function parseShard(text: string): FleetShard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new ShardRejected(`--shard takes i/n, e.g. 1/4, got "${text}"`);
  const i = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || i < 1 || i > n)
    throw new ShardRejected(`--shard i/n needs 1 ≤ i ≤ n, got "${text}"`);
  return { index: i - 1, count: n };
}

/** The shard as the command line writes it: "i/n", 1-based. */
export function formatShard(shard: FleetShard): string {
  return `${shard.index + 1}/${shard.count}`;
}

/**
 * This shard's part of a fleet-wide integer total (a rate in msg/s, a device count): the
 * remainder goes one each to the first shards, so the parts differ by at most one and
 * sum to the total exactly (10,000 over 3: 3,334 + 3,333 + 3,333).
 */
export function shareOf(total: number, shard: FleetShard): number {
  const base = Math.floor(total / shard.count);
  return base + (shard.index < total % shard.count ? 1 : 0);
}

/**
 * The devices this shard writes, as a range [from, to) of the fleet's population: every
 * device belongs to exactly one shard, so no two probes write the same device. Ranges,
 * not every n-th device, so each shard's devices spread over all consumer groups
 * (a device's group is its number mod the group count).
 */
export function ownedDevices(devices: number, shard: FleetShard): { from: number; to: number } {
  const base = Math.floor(devices / shard.count);
  const from = shard.index * base + Math.min(shard.index, devices % shard.count);
  return { from, to: from + shareOf(devices, shard) };
}

/**
 * The fleet-wide sequence number of this shard's message i: shards interleave
 * (shard k of n writes k, k + n, k + 2n, …), so message ids, which carry it, are
 * disjoint across the fleet by construction.
 */
export function fleetSeq(i: number, shard: FleetShard): number {
  return shard.index + shard.count * i;
}
