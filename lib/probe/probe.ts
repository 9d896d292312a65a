import { randomBytes, randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';
import {
  encodeParity,
  ParityLedger,
  paritySubject,
  progress,
  type ParityTotals,
  type PerSide,
  type Side,
} from '@/lib/parity';
import { encodeHistogramWindow, samplesSubject, type LatencyMetric } from '@/lib/samples';
import { nowUs } from './clock';
import type { ParityStore } from './parity-store';
import { deviceIds, sensorPayload } from './payload';
import { OpenLoopSchedule } from './schedule';
import type { Delivery, ProbeBackend, ProbeMessage, Report } from './types';
import { WindowRecorder, type RecordedWindow } from './window-recorder';

/** A deliberate fault, for tests and demos: damage or withhold one side's copy. */
export interface Fault {
  kind: 'corrupt' | 'drop';
  side: Side;
}

export interface ProbeOptions {
  probeId: string;
  ratePerSecond: number;
  durationSeconds: number | null;
  devices: number;
  /** Metrics per payload; 128 is the case study's schema. */
  metrics: number;
  /** Publishes awaiting an ack per backend; beyond it, messages wait (and their latency grows). */
  maxInFlight: number;
  /**
   * Messages a backend may fall behind the one furthest ahead before its oldest due
   * messages are skipped (counted as errors, and missing on that side by the ledger).
   * Each one waiting holds its payload, so this bounds the probe's memory when a broker
   * stalls. Default: the messages of one grace period (rate × graceMs), beyond which a
   * message sent late is counted missing by the ledger anyway.
   */
  maxBacklog?: number;
  windowMs: number;
  /** Consumer groups; message i belongs to group (device index mod groups). */
  groups: number;
  samplesTopic: string;
  parityTopic: string;
  /** Parity ledger settings; null runs without one (needs both backends). */
  parity: { ledger: string; target: number; graceMs: number } | null;
  /** Faults applied every `every` messages. */
  faults: (Fault & { every: number })[];
}

export interface BackendSummary {
  backend: string;
  sent: number;
  consumed: number;
  /** Failed sends plus skipped messages. */
  errors: number;
  /** Due messages never sent because this backend fell more than maxBacklog behind. */
  skipped: number;
  /** errors / (sent + skipped): the share of due messages that did not reach the broker. */
  errorRate: number;
  /**
   * Deliveries this run did not write, kept out of latency and parity: another probe's or
   * writer's (foreign; every Kafka group reads the whole topic) and an earlier run's of
   * this probe (stale: left in the stream, or redelivered, after a restart).
   */
  foreign: number;
  stale: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  avgMs: number;
  publishP99Ms: number;
  sendDelayP99Ms: number;
  achievedRate: number;
}

export interface ProbeSummary {
  probeId: string;
  durationSeconds: number;
  targetRate: number;
  backends: BackendSummary[];
  parity: (ParityTotals & { ledger: string; target: number; inFlight: number }) | null;
}

interface Lane {
  backend: ProbeBackend;
  recorder: WindowRecorder;
  next: number;
  inFlight: number;
  sent: number;
  withheld: number;
  skipped: number;
  /** In a skipping episode: logged once, until the lane is back within half the bound. */
  skipping: boolean;
}

type Planned = ProbeMessage & { faults: Fault[] };

const METRICS: LatencyMetric[] = ['e2e', 'publish', 'send_delay'];
/** Backlog bound without a parity ledger to take the grace period from. */
const DEFAULT_BACKLOG_MS = 30_000;

/**
 * The probe: one open-loop schedule shared by every backend. Message i is created once
 * (same id, bytes and CRC32 for both brokers), registered in the parity ledger, then
 * each backend's lane sends it as soon as it is due and that lane has room. Latency
 * is measured from the intended send time; every windowMs each backend's window is
 * published on every transport, with the parity progress.
 */
export class Probe {
  private readonly lanes: Lane[];
  private readonly devices: string[];
  private readonly planned = new Map<number, Planned>();
  private readonly ledger: ParityLedger | null;
  private readonly history: { atMs: number; totals: ParityTotals }[] = [];
  private readonly injected: Fault[] = [];
  private readonly maxBacklog: number;
  /** This run's id, in every message it writes: what it consumes without it is not its own. */
  private readonly runId = randomBytes(8).toString('hex');
  private schedule: OpenLoopSchedule | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private windowTimer: NodeJS.Timeout | undefined;
  private startedUs = 0;
  private stopping = false;
  onWindow: (windows: RecordedWindow[], parity: ParityTotals | null) => void = () => {};

  constructor(
    backends: ProbeBackend[],
    private readonly options: ProbeOptions,
    private readonly store: ParityStore | null = null,
    restored?: ParityTotals,
  ) {
    const startMs = Date.now();
    this.lanes = backends.map((backend) => ({
      backend,
      recorder: new WindowRecorder(backend.name, startMs),
      next: 0,
      inFlight: 0,
      sent: 0,
      withheld: 0,
      skipped: 0,
      skipping: false,
    }));
    const graceMs = options.parity?.graceMs ?? DEFAULT_BACKLOG_MS;
    this.maxBacklog =
      options.maxBacklog ?? Math.max(1, Math.ceil((options.ratePerSecond * graceMs) / 1000));
    this.devices = deviceIds(options.devices);
    const both =
      backends.some((b) => b.name === 'kafka') && backends.some((b) => b.name === 'nats');
    this.ledger =
      options.parity && both
        ? new ParityLedger({ graceMs: options.parity.graceMs }, restored)
        : null;
  }

  async start(): Promise<void> {
    for (const lane of this.lanes)
      await lane.backend.startConsumers((d) => this.delivered(lane, d));
    this.startedUs = nowUs();
    this.schedule = new OpenLoopSchedule(this.startedUs, this.options.ratePerSecond);
    for (const lane of this.lanes) lane.recorder.rotate(Date.now());
    if (this.ledger) this.history.push({ atMs: Date.now(), totals: this.ledger.snapshot() });
    // 1 ms ticks: each sends everything that has come due since the last one.
    this.ticker = setInterval(() => this.sendDue(), 1);
    this.scheduleWindow();
  }

  /** Damages or withholds one side's copy of the next message (tests and demos). */
  injectNext(fault: Fault): void {
    this.injected.push(fault);
  }

  /** Stops and restarts one backend's consumers, as a crashed consumer process would. */
  async restartConsumers(side: Side, downMs = 0): Promise<void> {
    const lane = this.lanes.find((l) => l.backend.name === side);
    if (!lane) return;
    await lane.backend.stopConsumers();
    await new Promise((r) => setTimeout(r, downMs));
    await lane.backend.startConsumers((d) => this.delivered(lane, d));
  }

  /**
   * Stops sending, waits (up to drainMs) for acks and for every message to reach both
   * sides, then closes the ledger: what has still not arrived counts as missing.
   */
  async stop(drainMs = 5000): Promise<ProbeSummary> {
    this.stopping = true;
    clearInterval(this.ticker);
    const deadline = Date.now() + drainMs;
    const settled = () =>
      this.lanes.every((l) => l.inFlight === 0) &&
      (this.ledger
        ? this.ledger.unsettled() === 0
        : this.lanes.every((l) => l.recorder.totalConsumed >= l.sent));
    while (Date.now() < deadline && !settled()) await new Promise((r) => setTimeout(r, 50));
    clearTimeout(this.windowTimer);
    // Closing the run: whatever has not arrived is missing now (and stamped now, not at +∞).
    this.ledger?.expire(Date.now(), true);
    await this.publishReports(Date.now());
    const elapsedS = (nowUs() - this.startedUs) / 1e6;
    const p = this.options.parity;
    return {
      probeId: this.options.probeId,
      durationSeconds: Math.round(elapsedS * 10) / 10,
      targetRate: this.options.ratePerSecond,
      backends: this.lanes.map((l) => summarise(l, elapsedS)),
      parity:
        this.ledger && p
          ? {
              ledger: p.ledger,
              target: p.target,
              inFlight: this.ledger.inFlight,
              ...this.ledger.snapshot(),
            }
          : null,
    };
  }

  private sendDue(): void {
    if (!this.schedule || this.stopping) return;
    const { durationSeconds, ratePerSecond, maxInFlight } = this.options;
    const limit = durationSeconds === null ? Infinity : Math.floor(durationSeconds * ratePerSecond);
    const due = Math.min(this.schedule.dueBy(nowUs()), limit);
    for (const lane of this.lanes) {
      while (lane.next < due && lane.inFlight < maxInFlight) {
        this.send(lane, this.plan(lane.next));
        lane.next += 1;
      }
    }
    this.skipOverflow();
    // A message is forgotten once every lane has sent (or skipped) it.
    const done = Math.min(...this.lanes.map((l) => l.next));
    for (const i of this.planned.keys()) {
      if (i >= done) break;
      this.planned.delete(i);
    }
  }

  /**
   * A message is planned once, when the lane furthest ahead sends it, and kept until
   * every lane has sent it. A lane stalled behind a broker that stopped acking would keep
   * every later message alive (a 30-min soak with the Kafka lane 1.38 M messages behind
   * grew the probe from 470 MiB to 3.1 GiB): such a lane skips its oldest due messages
   * instead, and counts each one. The ledger, which registered them at plan time, counts
   * them missing on that side once their grace period ends.
   */
  private skipOverflow(): void {
    const lead = Math.max(...this.lanes.map((l) => l.next));
    for (const lane of this.lanes) {
      const over = lead - this.maxBacklog - lane.next;
      if (over <= 0) {
        if (lead - lane.next < this.maxBacklog / 2) lane.skipping = false;
        continue;
      }
      if (!lane.skipping)
        console.error(
          `probe: ${lane.backend.name} is ${this.maxBacklog.toLocaleString('en-US')} messages behind; skipping its oldest (counted as errors, and missing by the ledger)`,
        );
      lane.skipping = true;
      lane.skipped += over;
      lane.recorder.recordErrors(over);
      lane.next += over;
    }
  }

  /** Messages planned but not yet sent (or skipped) by every backend: at most maxBacklog. */
  get backlog(): number {
    return this.planned.size;
  }

  private plan(i: number): Planned {
    let m = this.planned.get(i);
    if (m) return m;
    const intendedUs = this.schedule!.intendedUs(i);
    const deviceIndex = i % this.devices.length;
    const device = this.devices[deviceIndex] as string;
    const payload = sensorPayload(device, intendedUs / 1000, this.options.metrics);
    const faults = this.options.faults
      .filter((f) => (i + 1) % f.every === 0)
      .map(({ kind, side }) => ({ kind, side }));
    const once = this.injected.shift();
    if (once) faults.push(once);
    m = {
      id: randomUUID(),
      key: device,
      shard: deviceIndex % this.options.groups,
      payload,
      crc: crc32(payload),
      intendedUs,
      probe: this.options.probeId,
      run: this.runId,
      faults,
    };
    this.planned.set(i, m);
    this.ledger?.shadow(m.id, m.crc, intendedUs / 1000);
    return m;
  }

  private send(lane: Lane, m: Planned): void {
    const side = lane.backend.name;
    const fault = m.faults.find((f) => f.side === side);
    if (fault?.kind === 'drop') {
      lane.withheld += 1;
      return;
    }
    let message: ProbeMessage = m;
    if (fault?.kind === 'corrupt') {
      // Flip one byte of this side's copy only; the header keeps the original CRC32.
      const damaged = Uint8Array.from(m.payload);
      damaged[damaged.length >> 1] = (damaged[damaged.length >> 1] ?? 0) ^ 0xff;
      message = { ...m, payload: damaged };
    }
    lane.inFlight += 1;
    lane.sent += 1;
    const sentUs = nowUs();
    lane.recorder.record('send_delay', sentUs - m.intendedUs);
    lane.backend.publish(message).then(
      () => {
        lane.inFlight -= 1;
        lane.recorder.record('publish', nowUs() - sentUs);
      },
      () => {
        lane.inFlight -= 1;
        lane.recorder.recordError();
      },
    );
  }

  // Runs once per consumed message: the lane comes with it, no lookup.
  private delivered(lane: Lane, d: Delivery): void {
    // Only what this run planned is measured: an earlier run's message measures the time
    // it sat in the stream, and another probe's belongs to that probe's ledger.
    if (d.run !== this.runId || d.probe !== this.options.probeId) {
      lane.recorder.other(d.probe === this.options.probeId ? 'stale' : 'foreign');
      return;
    }
    lane.recorder.consumed(nowUs() - d.intendedUs, d.payload.byteLength);
    // The ledger compares the CRC32 of what arrived with the one registered at send time.
    this.ledger?.observe(lane.backend.name, d.id, crc32(d.payload), Date.now());
  }

  private scheduleWindow(): void {
    const w = this.options.windowMs;
    this.windowTimer = setTimeout(
      () => {
        // Timers fire a little early or late; the boundary meant is the nearest one.
        const boundaryMs = Math.round(Date.now() / w) * w;
        // Not awaited: a stalled broker must not hold back the next window on the other
        // transport (a drill with Kafka frozen for 10 s silenced NATS reports too).
        void this.publishReports(boundaryMs);
        if (!this.stopping) this.scheduleWindow();
      },
      w - (Date.now() % w),
    );
  }

  private async publishReports(endMs: number): Promise<void> {
    const windows = this.lanes.map((l) => l.recorder.rotate(endMs)).filter((w) => w !== null);
    const reports: Report[] = [];
    for (const w of windows) {
      for (const metric of METRICS) {
        reports.push({
          subject: samplesSubject(w.backend, this.options.probeId),
          topic: this.options.samplesTopic,
          key: w.backend,
          text: encodeHistogramWindow(
            {
              ...w,
              metric,
              probeId: this.options.probeId,
              errors: metric === 'e2e' ? w.errors : 0,
            },
            w.histograms[metric],
          ),
        });
      }
    }
    const parity = this.parityReport();
    if (parity) reports.push(parity);
    if (windows.length > 0) this.onWindow(windows, this.ledger?.snapshot() ?? null);
    const tasks = this.lanes.flatMap((lane) => reports.map((r) => lane.backend.publishReport(r)));
    if (this.ledger && this.store) tasks.push(this.store.save(this.ledger.snapshot()));
    await Promise.allSettled(tasks);
  }

  private parityReport(): Report | null {
    const p = this.options.parity;
    if (!this.ledger || !p) return null;
    const atMs = Date.now();
    this.ledger.expire(atMs);
    const totals = this.ledger.snapshot();
    // Rate and ETA over the last ~10 windows: steadier than one window, still live.
    this.history.push({ atMs, totals });
    if (this.history.length > 11) this.history.shift();
    const first = this.history[0]!;
    const prog = progress(p.target, first.totals, totals, atMs - first.atMs);
    return {
      subject: paritySubject(this.options.probeId),
      topic: this.options.parityTopic,
      key: this.options.probeId,
      text: encodeParity({
        probeId: this.options.probeId,
        ledger: p.ledger,
        atMs,
        target: p.target,
        inFlight: this.ledger.inFlight,
        totals,
        ratePerSecond: prog.ratePerSecond,
        etaSeconds: prog.etaSeconds,
        offenders: this.ledger.recentOffenders().slice(-20),
        foreign: this.others('foreign'),
        stale: this.others('stale'),
      }),
    };
  }

  private others(kind: 'foreign' | 'stale'): PerSide {
    const counts: PerSide = { kafka: 0, nats: 0 };
    for (const l of this.lanes) counts[l.backend.name] += l.recorder.totalOthers[kind];
    return counts;
  }
}

function summarise(lane: Lane, elapsedS: number): BackendSummary {
  const { e2e, publish, send_delay } = lane.recorder.total;
  const ms = (us: number) => Math.round(us) / 1000;
  const at = (h: typeof e2e, p: number) => (h.totalCount === 0 ? 0 : ms(h.getValueAtPercentile(p)));
  return {
    backend: lane.backend.name,
    sent: lane.sent,
    consumed: lane.recorder.totalConsumed,
    errors: lane.recorder.totalErrors,
    skipped: lane.skipped,
    errorRate:
      lane.sent + lane.skipped === 0 ? 0 : lane.recorder.totalErrors / (lane.sent + lane.skipped),
    ...lane.recorder.totalOthers,
    p50Ms: at(e2e, 50),
    p99Ms: at(e2e, 99),
    p999Ms: at(e2e, 99.9),
    maxMs: e2e.totalCount === 0 ? 0 : ms(e2e.maxValue),
    avgMs: e2e.totalCount === 0 ? 0 : ms(e2e.mean),
    publishP99Ms: at(publish, 99),
    sendDelayP99Ms: at(send_delay, 99),
    achievedRate: Math.round(lane.recorder.totalConsumed / elapsedS),
  };
}
