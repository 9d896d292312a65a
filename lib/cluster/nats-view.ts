import type { HostedStream } from './nats-parse';
import type { NodeAnswer } from './nats-poll';
import type { NatsMeta, NatsNode, NatsStream, NatsView } from './types';

/**
 * Merges what each node answered into one view of the cluster. Raft progress (current,
 * lag) is known only to a group's leader, so each stream's and the meta group's replicas
 * come from the node that says it leads them. `knownNames` maps a monitoring URL to the
 * server name it answered with before, so a node that is down keeps its name.
 */
export function natsView(
  answers: readonly NodeAnswer[],
  streams: readonly string[],
  knownNames: ReadonlyMap<string, string> = new Map(),
): NatsView {
  const up = answers.filter((a) => a.type === 'up');
  const names = new Map(knownNames);
  // A node down since before this server first polled it has no known name; when exactly
  // one such node is down and the meta group names exactly one peer no live node answers
  // for, that peer is it.
  const unnamed = answers.filter((a) => a.type === 'down' && !names.has(a.url));
  const meta = metaOf(up);
  if (unnamed.length === 1 && meta?.peers) {
    const live = new Set(up.map((a) => a.varz.serverName));
    const absent = [meta.leader, ...meta.peers.map((p) => p.name)].filter(
      (n): n is string => n !== null && !live.has(n),
    );
    if (absent.length === 1) names.set(unnamed[0]!.url, absent[0]!);
  }
  const nodes: NatsNode[] = answers.map((a) =>
    a.type === 'up'
      ? {
          type: 'up',
          url: a.url,
          serverName: a.varz.serverName,
          serverId: a.varz.serverId,
          version: a.varz.version,
          cluster: a.varz.cluster,
          routes: a.varz.routes,
          connections: a.varz.connections,
          memBytes: a.varz.memBytes,
          jetstream: a.varz.jetstream,
        }
      : { type: 'down', url: a.url, serverName: names.get(a.url) ?? null, error: a.error },
  );
  return {
    nodes,
    meta,
    streams: streams.map((name) => streamOf(name, up)),
  };
}

type Up = NodeAnswer & { type: 'up' };

function metaOf(up: readonly Up[]): NatsMeta | null {
  const withMeta = up.filter((a) => a.jsz.meta !== null);
  if (withMeta.length === 0) return null;
  const self = withMeta.find((a) => a.jsz.meta!.leader === a.varz.serverName);
  // Without the leader's own answer, the leader the most nodes name (followers know it).
  const leader = self ? self.varz.serverName : mostNamed(withMeta.map((a) => a.jsz.meta!.leader));
  const any = (self ?? withMeta[0]!).jsz.meta!;
  return {
    cluster: any.cluster,
    leader,
    size: Math.max(...withMeta.map((a) => a.jsz.meta!.size)),
    peers: self ? self.jsz.meta!.peers : null,
  };
}

function streamOf(name: string, up: readonly Up[]): NatsStream {
  const hosted: { node: Up; s: HostedStream }[] = [];
  for (const node of up) {
    const s = node.jsz.streams.find((x) => x.name === name);
    if (s) hosted.push({ node, s });
  }
  if (hosted.length === 0) return { type: 'missing', name };
  const self = hosted.find((h) => h.s.leader === h.node.varz.serverName);
  const pick = self ?? hosted[0]!;
  return {
    type: 'found',
    name,
    account: pick.s.account,
    replicas: pick.s.replicas,
    messages: pick.s.messages,
    leader: self ? self.node.varz.serverName : mostNamed(hosted.map((h) => h.s.leader)),
    leaderSinceMs: self ? self.s.leaderSinceMs : null,
    peers: self ? self.s.peers : null,
    hosts: hosted.map((h) => h.node.varz.serverName),
  };
}

/** The name given most often, ignoring nulls; null when none is given. */
function mostNamed(names: readonly (string | null)[]): string | null {
  const counts = new Map<string, number>();
  for (const n of names) if (n) counts.set(n, (counts.get(n) ?? 0) + 1);
  let best: string | null = null;
  for (const [n, c] of counts) if (best === null || c > counts.get(best)!) best = n;
  return best;
}
