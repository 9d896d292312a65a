import { z } from 'zod';
import type { NatsPeer } from './types';

// Only the fields Cutover reads; unknown fields are dropped, missing optional ones default.
const count = z.number().nonnegative();

const varzSchema = z.object({
  server_id: z.string().min(1).max(256),
  server_name: z.string().max(256).optional(),
  version: z.string().max(64),
  connections: count,
  mem: count,
  routes: count.optional(),
  cluster: z.object({ name: z.string().max(256).optional() }).optional(),
  jetstream: z.object({ config: z.object({}).optional() }).optional(),
});

const peerSchema = z.object({
  name: z.string().max(256),
  current: z.boolean().optional(),
  offline: z.boolean().optional(),
  // A Go time.Duration: nanoseconds.
  active: z.number().optional(),
  lag: count.optional(),
});

const clusterInfoSchema = z.object({
  leader: z.string().max(256).optional(),
  leader_since: z.string().max(64).optional(),
  replicas: z.array(peerSchema).max(64).optional(),
});

const streamSchema = z.object({
  name: z.string().max(256),
  cluster: clusterInfoSchema.optional(),
  config: z.object({ num_replicas: z.number().int().min(0).max(64).optional() }).optional(),
  state: z.object({ messages: count.optional() }).optional(),
});

const jszSchema = z.object({
  server_id: z.string().max(256),
  disabled: z.boolean().optional(),
  meta_cluster: z
    .object({
      name: z.string().max(256).optional(),
      leader: z.string().max(256).optional(),
      cluster_size: z.number().int().min(0).max(1024).optional(),
      replicas: z.array(peerSchema).max(1024).optional(),
    })
    .optional(),
  account_details: z
    .array(
      z.object({
        name: z.string().max(256),
        stream_detail: z.array(streamSchema).max(100_000).optional(),
      }),
    )
    .max(100_000)
    .optional(),
});

/** /varz, as Cutover uses it. */
export interface Varz {
  serverId: string;
  /** server_name, or the server id when none is configured (nats-server does the same). */
  serverName: string;
  version: string;
  connections: number;
  memBytes: number;
  routes: number;
  cluster: string | null;
  jetstream: boolean;
}

/** One stream a node hosts, as that node reports it. */
export interface HostedStream {
  account: string;
  name: string;
  replicas: number;
  messages: number;
  leader: string | null;
  leaderSinceMs: number | null;
  /** Peers other than this node; only the leader's list has meaningful progress. */
  peers: NatsPeer[];
}

/** /jsz?streams=true&config=true, as Cutover uses it. */
export interface Jsz {
  meta: { cluster: string | null; leader: string | null; size: number; peers: NatsPeer[] } | null;
  streams: HostedStream[];
}

/** Thrown when a monitoring endpoint answers something that is not what it should be. */
export class MonitorResponseInvalid extends Error {
  override name = 'MonitorResponseInvalid';
}

/** Parses a /varz answer (JSON value); throws MonitorResponseInvalid naming the bad field. */
export function parseVarz(json: unknown): Varz {
  const r = varzSchema.safeParse(json);
  if (!r.success) throw new MonitorResponseInvalid(`/varz: ${issue(r.error)}`);
  const v = r.data;
  return {
    serverId: v.server_id,
    serverName: v.server_name || v.server_id,
    version: v.version,
    connections: v.connections,
    memBytes: v.mem,
    routes: v.routes ?? 0,
    cluster: v.cluster?.name || null,
    jetstream: v.jetstream?.config !== undefined,
  };
}

/** Parses a /jsz?streams=true&config=true answer; throws MonitorResponseInvalid. */
export function parseJsz(json: unknown): Jsz {
  const r = jszSchema.safeParse(json);
  if (!r.success) throw new MonitorResponseInvalid(`/jsz: ${issue(r.error)}`);
  const j = r.data;
  const streams: HostedStream[] = [];
  for (const account of j.account_details ?? []) {
    for (const s of account.stream_detail ?? []) {
      const peers = (s.cluster?.replicas ?? []).map(peer);
      streams.push({
        account: account.name,
        name: s.name,
        replicas: s.config?.num_replicas || peers.length + 1,
        messages: s.state?.messages ?? 0,
        leader: s.cluster?.leader || null,
        leaderSinceMs: timeMs(s.cluster?.leader_since),
        peers,
      });
    }
  }
  const m = j.meta_cluster;
  return {
    meta: m
      ? {
          cluster: m.name || null,
          leader: m.leader || null,
          size: m.cluster_size ?? 0,
          peers: (m.replicas ?? []).map(peer),
        }
      : null,
    streams,
  };
}

function peer(p: z.infer<typeof peerSchema>): NatsPeer {
  return {
    name: p.name,
    current: p.current ?? false,
    offline: p.offline ?? false,
    activeMs: Math.round((p.active ?? 0) / 1e6),
    lag: p.lag ?? 0,
  };
}

function timeMs(iso: string | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

function issue(error: z.ZodError): string {
  const first = error.issues[0];
  return first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid';
}
