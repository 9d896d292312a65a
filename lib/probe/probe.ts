import { randomUUID } from 'node:crypto';
import { encodeHistogramWindow } from '@/lib/samples';
import { nowUs } from './clock';
import { deviceIds, sensorPayload } from './payload';
import { OpenLoopSchedule } from './schedule';
import type { ProbeBackend, ProbeMessage } from './types';
import { WindowRecorder, type RecordedWindow } from './window-recorder';

export interface ProbeOptions {
  probeId: string;
  ratePerSecond: number;
  durationSeconds: number | null;
  devices: number;
  /** Most publishes awaiting an ack per backend; beyond it, messages wait (and their latency grows). */
  maxInFlight: number;
  windowMs: number;
}

export interface BackendSummary {
  backend: string;
  sent: number;
  consumed: number;
  errors: number;
  errorRate: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  avgMs: number;
  achievedRate: number;
}

interface Lane {
  backend: ProbeBackend;
  recorder: WindowRecorder;
  next: number;
  inFlight: number;
  sent: number;
}

/**
 * Drives the backends with one open-loop schedule, measures end-to-end latency from
 * each message's intended send time, and publishes a protocol-v1 window per backend
 * every windowMs on every backend's sample transport.
 */
export class Probe {
  private readonly lanes: Lane[];
  private readonly devices: string[];
  private readonly payloads = new Map<number, ProbeMessage>();
  private schedule: OpenLoopSchedule | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private windowTimer: NodeJS.Timeout | undefined;
  private startedUs = 0;
  private stopping = false;
  onWindow: (windows: RecordedWindow[]) => void = () => {};

  constructor(
    backends: ProbeBackend[],
    private readonly options: ProbeOptions,
  ) {
    const startMs = Date.now();
    this.lanes = backends.map((backend) => ({
      backend,
      recorder: new WindowRecorder(backend.name, startMs),
      next: 0,
      inFlight: 0,
      sent: 0,
    }));
    this.devices = deviceIds(options.devices);
  }

  async start(): Promise<void> {
    for (const lane of this.lanes) {
      await lane.backend.consume((intendedUs, bytes) =>
        lane.recorder.recordLatency(nowUs() - intendedUs, bytes),
      );
    }
    this.startedUs = nowUs();
    this.schedule = new OpenLoopSchedule(this.startedUs, this.options.ratePerSecond);
    for (const lane of this.lanes) lane.recorder.rotate(Date.now());
    // 1 ms ticks: each sends everything that has come due since the last one.
    this.ticker = setInterval(() => this.sendDue(), 1);
    this.scheduleWindow();
  }

  /** Stops sending, waits for in-flight acks and the last consumed messages, publishes the last window. */
  async stop(drainMs = 2000): Promise<BackendSummary[]> {
    this.stopping = true;
    clearInterval(this.ticker);
    const deadline = Date.now() + drainMs;
    while (
      Date.now() < deadline &&
      this.lanes.some((l) => l.inFlight > 0 || l.recorder.totalConsumed < l.sent)
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    clearTimeout(this.windowTimer);
    await this.publishWindows(Date.now());
    const elapsedS = (nowUs() - this.startedUs) / 1e6;
    return this.lanes.map((l) => summarise(l, elapsedS));
  }

  private sendDue(): void {
    if (!this.schedule || this.stopping) return;
    let due = this.schedule.dueBy(nowUs());
    const limit =
      this.options.durationSeconds === null
        ? Infinity
        : Math.floor(this.options.durationSeconds * this.options.ratePerSecond);
    due = Math.min(due, limit);
    for (const lane of this.lanes) {
      while (lane.next < due && lane.inFlight < this.options.maxInFlight) {
        this.send(lane, this.message(lane.next));
        lane.next += 1;
      }
    }
    // A payload is dropped once every lane has sent it: both brokers get the same bytes.
    const done = Math.min(...this.lanes.map((l) => l.next));
    for (const i of this.payloads.keys()) {
      if (i >= done) break;
      this.payloads.delete(i);
    }
  }

  private message(i: number): ProbeMessage {
    let m = this.payloads.get(i);
    if (!m) {
      const intendedUs = this.schedule!.intendedUs(i);
      const device = this.devices[i % this.devices.length] as string;
      m = {
        id: randomUUID(),
        key: device,
        payload: sensorPayload(device, intendedUs / 1000),
        intendedUs,
      };
      this.payloads.set(i, m);
    }
    return m;
  }

  private send(lane: Lane, message: ProbeMessage): void {
    lane.inFlight += 1;
    lane.sent += 1;
    lane.backend.publish(message).then(
      () => (lane.inFlight -= 1),
      () => {
        lane.inFlight -= 1;
        lane.recorder.recordError();
      },
    );
  }

  private scheduleWindow(): void {
    const w = this.options.windowMs;
    this.windowTimer = setTimeout(
      () => {
        // Timers fire a little early or late; the boundary meant is the nearest one.
        const boundaryMs = Math.round(Date.now() / w) * w;
        void this.publishWindows(boundaryMs).finally(() => !this.stopping && this.scheduleWindow());
      },
      w - (Date.now() % w),
    );
  }

  private async publishWindows(endMs: number): Promise<void> {
    const windows = this.lanes.map((l) => l.recorder.rotate(endMs)).filter((w) => w !== null);
    if (windows.length === 0) return;
    this.onWindow(windows);
    const tasks: Promise<void>[] = [];
    for (const w of windows) {
      const text = encodeHistogramWindow({ ...w, probeId: this.options.probeId }, w.histogram);
      for (const lane of this.lanes)
        tasks.push(lane.backend.publishSample(w.backend, this.options.probeId, text));
    }
    await Promise.allSettled(tasks);
  }
}

function summarise(lane: Lane, elapsedS: number): BackendSummary {
  const h = lane.recorder.total;
  const ms = (us: number) => Math.round(us) / 1000;
  const empty = h.totalCount === 0;
  return {
    backend: lane.backend.name,
    sent: lane.sent,
    consumed: lane.recorder.totalConsumed,
    errors: lane.recorder.totalErrors,
    errorRate: lane.sent === 0 ? 0 : lane.recorder.totalErrors / lane.sent,
    p50Ms: empty ? 0 : ms(h.getValueAtPercentile(50)),
    p99Ms: empty ? 0 : ms(h.getValueAtPercentile(99)),
    p999Ms: empty ? 0 : ms(h.getValueAtPercentile(99.9)),
    maxMs: empty ? 0 : ms(h.maxValue),
    avgMs: empty ? 0 : ms(h.mean),
    achievedRate: Math.round(lane.recorder.totalConsumed / elapsedS),
  };
}
