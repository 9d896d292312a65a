import { setTimeout as sleep } from 'node:timers/promises';
import type { ServerConfig } from '@/lib/config';
import type { RecordingWriter } from '@/lib/replay/server';
import { applyFault, connectFaultTargets, FAULT_LABELS, recover } from '@/lib/testing/failover';

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
 * kill -9 of the node leading IOT_SENSORS (lib/testing/failover.ts, the drill's own move),
 * held down for `downMs`, then restarted; the kill, the restart and the cluster whole again
 * go into the recording (the leader elections the recorder sees by itself).
 */
export async function failStreamLeader(
  config: ServerConfig,
  writer: RecordingWriter,
  downMs: number,
): Promise<NodeFailure> {
  const targets = await connectFaultTargets(config, 'cutover-scenario');
  const { stream } = targets;
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
    await targets.close();
  }
}
