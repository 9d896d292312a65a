import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Admin } from '@platformatic/kafka';
import type { ServerConfig } from '@/lib/config';
import type { RecordingWriter } from '@/lib/replay/server';
import { applyFault, FAULT_LABELS, recover, type FaultTargets } from '@/lib/testing/failover';

export interface NodeFailure {
  /** The node killed (cutover-n<N>) and the stream leader after it. */
  target: string;
  newLeader: string | null;
  atMs: number;
  newLeaderMs: number | null;
  /** From the restart to every replica current again (ms); null if not in time. */
  wholeMs: number | null;
}

/**
 * kill -9 of the node leading `stream` (lib/testing/failover.ts, the drill's own move),
 * held down for `downMs`, then restarted; the kill, the restart and the cluster whole again
 * go into the recording (the leader elections the recorder sees by itself).
 */
export async function failStreamLeader(
  config: ServerConfig,
  writer: RecordingWriter,
  stream: string,
  downMs: number,
): Promise<NodeFailure> {
  const nc = await connect({
    servers: config.natsServers,
    user: config.natsUser,
    pass: config.natsPass,
    name: 'cutover-scenario-fault',
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
  });
  const admin = new Admin({ clientId: 'cutover-scenario', bootstrapBrokers: config.kafkaBrokers });
  const targets: FaultTargets = {
    jsm: await jetstreamManager(nc),
    admin,
    stream,
    topic: 'iot-sensor-v1',
    replicas: config.replicas,
    // A kill needs no natscli (a graceful step-down would).
    natsCli: { bin: 'nats', args: [] },
  };
  try {
    const o = await applyFault('nats_kill', targets);
    writer.fault(
      'node-kill',
      `${FAULT_LABELS.nats_kill}: ${o.target} killed; new ${stream} leader ${o.after ?? 'none'}` +
        (o.newLeaderMs === null ? ' (none within 60 s)' : ` after ${o.newLeaderMs} ms`),
      'nats',
      o.atMs,
    );
    writer.cluster({
      atMs: o.atMs,
      backend: 'nats',
      kind: 'node-down',
      detail: `${o.target} killed (SIGKILL) while leading ${stream}`,
    });
    await sleep(Math.max(0, o.atMs + downMs - Date.now()));
    const restartMs = Date.now();
    const wholeMs = await recover(o, targets);
    writer.cluster({
      atMs: restartMs,
      backend: 'nats',
      kind: 'node-up',
      detail:
        `${o.target} restarted with its data` +
        (wholeMs === null
          ? `; ${stream} not whole within 120 s`
          : `; every ${stream} replica current ${(wholeMs / 1000).toFixed(1)} s later`),
    });
    return {
      target: o.target,
      newLeader: o.after,
      atMs: o.atMs,
      newLeaderMs: o.newLeaderMs,
      wholeMs,
    };
  } finally {
    await admin.close().catch(() => {});
    await nc.close();
  }
}
