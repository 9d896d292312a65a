import { fileURLToPath } from 'node:url';
import { ProbeThread, startProbeThread } from './probe-thread';
import { clockAnchor, nowUs, type ClockAnchor } from './clock';
import type { LaneProgress } from './lane-progress';
import type { SentCrcs } from './sent-crcs';
import { MessagePlan, type PlanSpec } from './message-plan';
import { SendLoop, type LaneReport, type SendLoopOptions } from './send-loop';
import type { Fault, ProbeBackend, SenderSpec } from './types';

/**
 * Where a lane's open-loop sender runs.
 *
 * - `worker` (the default): a worker thread per lane, with its own Kafka producer or NATS
 *   connection. Consuming (threads of its own: lane-consumer.ts), the parity ledger,
 *   encoding windows and reporting cannot make a message late: the send delay measures
 *   the sender alone (bench:probe, docs/benchmarks.md, compares it with a bare open-loop
 *   sender). Why not a process per lane: the lanes share their progress (the backlog bound) and the
 *   ledger follows it through shared memory, which processes do not have, and one process
 *   is one thing to start, stop and summarise.
 *   Nothing crosses per message to a sender: each thread computes message i from the plan.
 * - `inline`: the same loop on the main thread (backends that cannot be opened from
 *   another thread, in-memory test doubles; and, on the command line, for comparison).
 */
export type SenderMode = 'worker' | 'inline';

/** A lane's sender as the probe drives it, wherever it runs. */
export interface LaneSender {
  readonly mode: SenderMode;
  /** Starts the schedule of the plan (its startUs is message 0's intended time). */
  start(plan: PlanSpec): void;
  /** See SendLoop.inject. */
  inject(kind: Fault['kind'], fromSeq: number): void;
  /** Stops sending; resolves once the report of everything sent has been delivered. */
  halt(): Promise<void>;
  /** See SendLoop.finish; resolves there, or at the next halt. */
  finish(upTo: number): Promise<void>;
  /** See SendLoop.settle; resolves once its report has been delivered. */
  settle(): Promise<void>;
  /** Stops reporting and closes the lane's own connection, if it has one. */
  close(): Promise<void>;
}

export interface LaneSenderInit extends SendLoopOptions {
  progress: LaneProgress;
  crcs: SentCrcs;
}

/** Opens a lane's sender: in a thread of its own when asked for and the backend can. */
export async function openLaneSender(
  backend: ProbeBackend,
  init: LaneSenderInit,
  mode: SenderMode,
  onReport: (r: LaneReport) => void,
  nice = 0,
): Promise<LaneSender> {
  if (mode === 'worker' && backend.senderSpec)
    return WorkerLaneSender.open(backend.senderSpec, init, onReport, nice);
  return new InlineLaneSender(backend, init, onReport);
}

class InlineLaneSender implements LaneSender {
  readonly mode = 'inline';
  private loop: SendLoop | undefined;

  constructor(
    private readonly backend: ProbeBackend,
    private readonly init: LaneSenderInit,
    private readonly onReport: (r: LaneReport) => void,
  ) {}

  start(plan: PlanSpec): void {
    this.loop = new SendLoop(
      this.init,
      new MessagePlan(plan),
      this.init.progress,
      this.init.crcs,
      (m) => this.backend.publish(m),
      this.onReport,
      nowUs,
    );
    this.loop.start();
  }

  inject(kind: Fault['kind'], fromSeq: number): void {
    this.loop?.inject(kind, fromSeq);
  }

  async halt(): Promise<void> {
    this.loop?.halt();
  }

  finish(upTo: number): Promise<void> {
    return new Promise((resolve) => (this.loop ? this.loop.finish(upTo, resolve) : resolve()));
  }

  async settle(): Promise<void> {
    this.loop?.settle();
  }

  async close(): Promise<void> {
    this.loop?.close();
  }
}

/** What a sender thread is given when it starts. */
export interface SenderWorkerData {
  entry: string;
  spec: SenderSpec;
  /** The thread's nice value (priority.ts); 0 leaves it as it is. */
  nice: number;
  options: SendLoopOptions;
  progress: SharedArrayBuffer;
  crcs: SharedArrayBuffer;
}

export type ToSender =
  | { type: 'start'; plan: PlanSpec; anchor: ClockAnchor }
  | { type: 'inject'; kind: Fault['kind']; fromSeq: number }
  | { type: 'halt' }
  | { type: 'finish'; upTo: number }
  | { type: 'settle' }
  | { type: 'close' };

type Step = 'halt' | 'finish' | 'settle' | 'close';

export type FromSender =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'report'; report: LaneReport }
  | { type: 'done'; step: Step };

const ENTRY = fileURLToPath(new URL('./sender-worker.ts', import.meta.url));
/** How long a sender thread may take to close its connection before it is terminated. */
const CLOSE_TIMEOUT_MS = 5000;

class WorkerLaneSender implements LaneSender {
  readonly mode = 'worker';

  private constructor(private readonly thread: ProbeThread<Step, ToSender, FromSender>) {}

  static async open(
    spec: SenderSpec,
    init: LaneSenderInit,
    onReport: (r: LaneReport) => void,
    nice: number,
  ): Promise<WorkerLaneSender> {
    const { progress, crcs, ...options } = init;
    const data: SenderWorkerData = {
      entry: ENTRY,
      spec,
      nice,
      options,
      progress: progress.buffer,
      crcs: crcs.buffer,
    };
    const what = `${init.side} sender thread`;
    const worker = await startProbeThread(data, what);
    return new WorkerLaneSender(
      new ProbeThread(worker, what, (m) => {
        if (m.type === 'report') onReport(m.report);
      }),
    );
  }

  start(plan: PlanSpec): void {
    this.thread.post({ type: 'start', plan, anchor: clockAnchor() });
  }

  inject(kind: Fault['kind'], fromSeq: number): void {
    this.thread.post({ type: 'inject', kind, fromSeq });
  }

  /** Messages are delivered in order: the step's answer comes after every earlier report. */
  halt(): Promise<void> {
    return this.thread.request({ type: 'halt' });
  }

  finish(upTo: number): Promise<void> {
    return this.thread.request({ type: 'finish', upTo });
  }

  settle(): Promise<void> {
    return this.thread.request({ type: 'settle' });
  }

  close(): Promise<void> {
    return this.thread.close({ type: 'close' }, CLOSE_TIMEOUT_MS);
  }
}
