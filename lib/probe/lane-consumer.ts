import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { ProbeThread, startProbeThread } from './probe-thread';
import { clockAnchor, nowUs, type ClockAnchor } from './clock';
import type { ConsumerSpec, Delivery, ProbeBackend } from './types';

/**
 * Where a lane's consumers run.
 *
 * - `worker` (the default): a thread per lane with its own Kafka consumers or NATS
 *   connection. Fetching, decoding record batches and headers, and the CRC32 of every
 *   payload happen there, and the arrival time is read there as the message arrives: a
 *   main thread busy with the ledger, windows or reports cannot make a delivery look late.
 *   Arrivals cross to the main thread in batches (every few ms), as a few numbers and
 *   strings each, never the payload.
 * - `inline`: the same consumers on the main thread (backends that cannot be opened from
 *   another thread, in-memory test doubles; on the command line, for comparison).
 */
export type ConsumerMode = 'worker' | 'inline';

/** A delivery as the probe measures it: what the ledger and the windows need. */
export interface Arrival {
  id: string;
  probe: string | null;
  run: string | null;
  /** µs from the intended send time to the arrival, on the probe's clock. */
  e2eUs: number;
  /** CRC32 (IEEE) of the payload as it arrived. */
  crc: number;
  bytes: number;
}

export function arrivalOf(d: Delivery, arrivedUs: number): Arrival {
  return {
    id: d.id,
    probe: d.probe,
    run: d.run,
    e2eUs: arrivedUs - d.intendedUs,
    crc: crc32(d.payload),
    bytes: d.payload.byteLength,
  };
}

/** A lane's consumers as the probe drives them, wherever they run. */
export interface LaneConsumer {
  readonly mode: ConsumerMode;
  /** Starts consuming; resolves once every group's consumer has been started. */
  start(): Promise<void>;
  /** Stops consuming (without acknowledging what was not processed); resolves after the last arrival. */
  stop(): Promise<void>;
  /** Stops, and ends the thread if there is one. */
  close(): Promise<void>;
}

/** Opens a lane's consumers: in a thread of their own when asked for and the backend can. */
export async function openLaneConsumer(
  backend: ProbeBackend,
  mode: ConsumerMode,
  onArrivals: (arrivals: Arrival[]) => void,
  nice = 0,
): Promise<LaneConsumer> {
  if (mode === 'worker' && backend.consumerSpec)
    return WorkerLaneConsumer.open(backend.name, backend.consumerSpec, onArrivals, nice);
  return new InlineLaneConsumer(backend, onArrivals);
}

class InlineLaneConsumer implements LaneConsumer {
  readonly mode = 'inline';

  constructor(
    private readonly backend: ProbeBackend,
    private readonly onArrivals: (arrivals: Arrival[]) => void,
  ) {}

  start(): Promise<void> {
    return this.backend.startConsumers((d) => this.onArrivals([arrivalOf(d, nowUs())]));
  }

  stop(): Promise<void> {
    return this.backend.stopConsumers();
  }

  close(): Promise<void> {
    return this.stop();
  }
}

/** What a consumer thread is given when it starts. */
export interface ConsumerWorkerData {
  entry: string;
  spec: ConsumerSpec;
  anchor: ClockAnchor;
  /** The thread's nice value (priority.ts); 0 leaves it as it is. */
  nice: number;
}

type Step = 'start' | 'stop' | 'close';
export type ToConsumer = { type: Step };
export type FromConsumer =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'arrivals'; arrivals: Arrival[] }
  /** A step's answer; `error` when it failed (a start whose consumer could not be had). */
  | { type: 'done'; step: Step; error?: string };

const ENTRY = fileURLToPath(new URL('./consumer-worker.ts', import.meta.url));
/** How long a consumer thread may take to stop its consumers before it is terminated. */
const CLOSE_TIMEOUT_MS = 10_000;

class WorkerLaneConsumer implements LaneConsumer {
  readonly mode = 'worker';

  private constructor(private readonly thread: ProbeThread<Step, ToConsumer, FromConsumer>) {}

  static async open(
    side: string,
    spec: ConsumerSpec,
    onArrivals: (arrivals: Arrival[]) => void,
    nice: number,
  ): Promise<WorkerLaneConsumer> {
    const data: ConsumerWorkerData = { entry: ENTRY, spec, anchor: clockAnchor(), nice };
    const what = `${side} consumer thread`;
    const worker = await startProbeThread(data, what);
    return new WorkerLaneConsumer(
      new ProbeThread(worker, what, (m) => {
        if (m.type === 'arrivals') onArrivals(m.arrivals);
      }),
    );
  }

  start(): Promise<void> {
    return this.thread.request({ type: 'start' });
  }

  /** Messages are delivered in order: the answer comes after every arrival before it. */
  stop(): Promise<void> {
    return this.thread.request({ type: 'stop' });
  }

  close(): Promise<void> {
    return this.thread.close({ type: 'close' }, CLOSE_TIMEOUT_MS);
  }
}
