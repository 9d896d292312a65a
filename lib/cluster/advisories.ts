import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { z } from 'zod';

/**
 * Where nats-server 2.11 announces a stream's new leader (server/jetstream_api.go,
 * JSAdvisoryStreamLeaderElectedPre + "." + stream), in the stream's own account. The meta
 * group's election ($JS.EVENT.ADVISORY.DOMAIN.LEADER_ELECTED) goes to the system account
 * only, which the probe user is not in: the meta leader is followed by polling /jsz.
 */
export const STREAM_LEADER_ELECTED = '$JS.EVENT.ADVISORY.STREAM.LEADER_ELECTED';

const advisorySchema = z.object({
  type: z.literal('io.nats.jetstream.advisory.v1.stream_leader_elected'),
  stream: z.string().min(1).max(256),
  leader: z.string().max(256),
});

/** The stream and its new leader from an advisory's JSON, or null when it is not one. */
export function parseLeaderElected(text: string): { stream: string; leader: string } | null {
  if (text.length > 64 * 1024) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const r = advisorySchema.safeParse(json);
  return r.success ? { stream: r.data.stream, leader: r.data.leader } : null;
}

/**
 * Calls onElected for every stream leader election the connection's account announces,
 * until the subscription is drained or the connection closes.
 */
export function subscribeLeaderElected(
  nc: NatsConnection,
  onElected: (stream: string, leader: string) => void,
): Subscription {
  return nc.subscribe(`${STREAM_LEADER_ELECTED}.*`, {
    callback: (err, msg) => {
      if (err) return;
      const a = parseLeaderElected(msg.string());
      if (a) onElected(a.stream, a.leader);
    },
  });
}
