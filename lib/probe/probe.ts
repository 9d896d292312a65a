import { randomBytes } from 'node:crypto';
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
import { encodeHistogramWindow, LATENCY_KINDS, samplesSubject } from '@/lib/samples';
import { nowUs } from './clock';
import { formatShard, WHOLE_FLEET, type FleetShard } from './fleet-shard';
import { LaneProgress } from './lane-progress';
import { openLaneSender, type LaneSender, type SenderMode } from './lane-sender';
import { MessagePlan, type PlanSpec } from './message-plan';
import type { ParityStore } from './parity-store';
import type { LaneReport } from './send-loop';
import type { Delivery, Fault, ProbeBackend, Report } from './types';
import { WindowRecorder, type RecordedWindow } from './window-recorder';

export type { Fault } from './types';

export interface ProbeOptions {
  probeId: string;
  /** This probe's rate: in a fleet, its shard's part of the fleet's (shareOf). */
  ratePerSecond: number;
  durationSeconds: number | null;
  /** The device population: the fleet's, of which this probe writes its shard's range. */
  devices: number;
  /** This probe's part of a fleet (default: the whole of it). */
  shard?: FleetShard;
  /** Floats in each payload's `metrics` array; 128 is the case study's schema. */
  sensorValues: number;
  /** Publishes awaiting an ack per backend; beyond it, messages wait (and their latency grows). */
  maxInFlight: number;
  /**
   * Messages a backend may fall behind the one furthest ahead before its oldest due
   * messages are skipped (counted as errors, and missing on that side by the ledger).
   * Default: the messages of one grace period (rate × graceMs), beyond which a message
   * sent late is counted missing by the ledger anyway.
   */
  maxBacklog?: number;
  /** Where each lane's sender runs (default worker; see SenderMode). */
  sender?: SenderMode;
  windowMs: number;
  /** Consumer groups; message i belongs to group (device number mod groups). */
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
  /** Where this backend's sender ran. */
  sender: SenderMode;
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
  sendDelayP50Ms: number;
  sendDelayP99Ms: number;
  achievedRate: number;
}

export interface ProbeSummary {
  probeId: string;
  /** "i/n": this probe's part of its fleet. */
  shard: string;
  durationSeconds: number;
  targetRate: number;
  backends: BackendSummary[];
  parity: (ParityTotals & { ledger: string; target: number; inFlight: number }) | null;
}

interface Lane {
  index: number;
  backend: ProbeBackend;
  recorder: WindowRecorder;
  sender: LaneSender | undefined;
  /** As of the sender's last report. */
  sent: number;
  inFlight: number;
  skipped: number;
}

/** Backlog bound without a parity ledger to take the grace period from. */
const DEFAULT_BACKLOG_MS = 30_000;

/**
 * The probe: one open-loop schedule that every backend's lane keeps on its own. Message i
 * is the same on every lane (same id, bytes and CRC32, from the run's MessagePlan); each
 * lane's sender (lane-sender.ts: a thread of its own by default) sends it as soon as it is
 * due and the lane has room, and reports what it sent. This thread consumes, keeps the
 * parity ledger (message i registered once the lane furthest ahead has passed it), and
 * every windowMs publishes each backend's window on every transport, with the parity
 * progress. Latency is measured from the intended send time.
 */
export class Probe {
  private readonly lanes: Lane[];
  private readonly ledger: ParityLedger | null;
  private readonly history: { atMs: number; totals: ParityTotals }[] = [];
  private readonly maxBacklog: number;
  private readonly progress: LaneProgress;
  /** This run's id, in every message it writes: what it consumes without it is not its own. */
  private readonly runId = randomBytes(8).toString('hex');
  private plan: MessagePlan | undefined;
  /** Messages 0..registered-1 are in the ledger. */
  private registered = 0;
  /** Injected faults not yet handed to a lane; one is out at a time, so each hits its own message. */
  private readonly injections: Fault[] = [];
  private injecting = false;
  /** The next injected fault goes to a message from this one on. */
  private injectFrom = 0;
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
    this.lanes = backends.map((backend, index) => ({
      index,
      backend,
      recorder: new WindowRecorder(backend.name, startMs),
      sender: undefined,
      sent: 0,
      inFlight: 0,
      skipped: 0,
    }));
    this.progress = new LaneProgress(backends.length);
    const graceMs = options.parity?.graceMs ?? DEFAULT_BACKLOG_MS;
    this.maxBacklog =
      options.maxBacklog ?? Math.max(1, Math.ceil((options.ratePerSecond * graceMs) / 1000));
    const both =
      backends.some((b) => b.name === 'kafka') && backends.some((b) => b.name === 'nats');
    this.ledger =
      options.parity && both
        ? new ParityLedger({ graceMs: options.parity.graceMs }, restored)
        : null;
  }

  async start(): Promise<void> {
    const { durationSeconds, ratePerSecond, maxInFlight } = this.options;
    const limit = durationSeconds === null ? Infinity : Math.floor(durationSeconds * ratePerSecond);
    // Sender threads load their modules and connect (~1.5 s of CPU each) while the
    // consumers join their groups, which is mostly waiting.
    const opening = Promise.allSettled(
      this.lanes.map((lane) =>
        openLaneSender(
          lane.backend,
          {
            side: lane.backend.name,
            lane: lane.index,
            limit,
            maxInFlight,
            maxBacklog: this.maxBacklog,
            progress: this.progress,
          },
          this.options.sender ?? 'worker',
          (r) => this.reported(lane, r),
        ),
      ),
    );
    const closeOpened = async () => {
      const opened = await opening;
      await Promise.allSettled(
        opened.map((o) => (o.status === 'fulfilled' ? o.value.close() : null)),
      );
    };
    try {
      for (const lane of this.lanes)
        await lane.backend.startConsumers((d) => this.delivered(lane, d));
    } catch (err) {
      await closeOpened();
      throw err;
    }
    const opened = await opening;
    const failed = opened.find((o) => o.status === 'rejected');
    if (failed) {
      await closeOpened();
      throw failed.reason;
    }
    for (const [i, o] of opened.entries())
      this.lanes[i]!.sender = (o as PromiseFulfilledResult<LaneSender>).value;

    this.startedUs = nowUs();
    const spec: PlanSpec = {
      probeId: this.options.probeId,
      runId: this.runId,
      startUs: this.startedUs,
      ratePerSecond,
      devices: this.options.devices,
      shard: this.options.shard ?? WHOLE_FLEET,
      groups: this.options.groups,
      sensorValues: this.options.sensorValues,
      faults: this.options.faults,
    };
    this.plan = new MessagePlan(spec);
    for (const lane of this.lanes) lane.sender!.start(spec);
    for (const lane of this.lanes) lane.recorder.rotate(Date.now());
    if (this.ledger) this.history.push({ atMs: Date.now(), totals: this.ledger.snapshot() });
    this.injectNextQueued();
    this.scheduleWindow();
  }

  /**
   * Damages or withholds one side's copy of a coming message (tests and demos): the first
   * that side sends once the fault reaches its sender, and after the message of any fault
   * injected before it.
   */
  injectNext(fault: Fault): void {
    this.injections.push(fault);
    this.injectNextQueued();
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
    const deadline = Date.now() + drainMs;
    // Lanes halt a few messages apart; each then sends on up to the furthest (as long as
    // the drain allows: a lane whose broker stopped acking cannot), and only once every lane
    // has stopped for good does each count its skips against that final lead.
    const senders = this.lanes.map((l) => l.sender).filter((s) => s !== undefined);
    await Promise.all(senders.map((s) => s.halt()));
    const lead = this.progress.lead();
    await within(Promise.all(senders.map((s) => s.finish(lead))), drainMs);
    await Promise.all(senders.map((s) => s.halt()));
    await Promise.all(senders.map((s) => s.settle()));
    this.register(lead - 1);
    const settled = () =>
      this.lanes.every((l) => l.inFlight === 0) &&
      (this.ledger
        ? this.ledger.unsettled() === 0
        : this.lanes.every((l) => l.recorder.totalConsumed >= l.sent));
    while (Date.now() < deadline && !settled()) await new Promise((r) => setTimeout(r, 50));
    clearTimeout(this.windowTimer);
    await Promise.all(senders.map((s) => s.close()));
    // Closing the run: whatever has not arrived is missing now (and stamped now, not at +∞).
    this.ledger?.expire(Date.now(), true);
    await this.publishReports(Date.now());
    const elapsedS = (nowUs() - this.startedUs) / 1e6;
    const p = this.options.parity;
    const shard = this.options.shard ?? WHOLE_FLEET;
    return {
      probeId: this.options.probeId,
      shard: formatShard(shard),
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

  /**
   * Messages some lane has passed but another has not (sent, withheld or skipped) yet; a
   * lane more than maxBacklog behind skips the excess at its next tick, so at most
   * maxBacklog. Read from memory the senders share: correct even while this thread is busy.
   */
  get backlog(): number {
    return Math.min(this.progress.lead() - this.progress.trailing(), this.maxBacklog);
  }

  /** How far each lane has got in the schedule (messages sent, withheld or skipped), now. */
  laneProgress(): { backend: Side; next: number }[] {
    return this.lanes.map((l) => ({ backend: l.backend.name, next: this.progress.get(l.index) }));
  }

  /** A lane's report: its measurements go into its windows, its progress into the ledger. */
  private reported(lane: Lane, r: LaneReport): void {
    for (const us of r.sendDelayUs) lane.recorder.record('send_delay', us);
    for (const us of r.publishUs) lane.recorder.record('publish', us);
    if (r.failed + r.skipped > 0) lane.recorder.recordErrors(r.failed + r.skipped);
    lane.sent = r.sent;
    lane.inFlight = r.inFlight;
    lane.skipped += r.skipped;
    this.register(r.next - 1);
    if (this.ledger && this.plan)
      for (let k = 0; k + 1 < r.unsent.length; k += 2)
        for (let i = r.unsent[k]!; i < r.unsent[k + 1]!; i += 1)
          this.ledger.unsent(lane.backend.name, this.plan.id(i));
    if (r.injectedAt !== undefined) {
      if (r.injectedAt !== null) this.injectFrom = r.injectedAt + 1;
      this.injecting = false;
      this.injectNextQueued();
    }
  }

  private injectNextQueued(): void {
    if (this.injecting || !this.plan) return;
    const fault = this.injections.shift();
    if (!fault) return;
    const lane = this.lanes.find((l) => l.backend.name === fault.side);
    if (!lane?.sender) return this.injectNextQueued();
    this.injecting = true;
    lane.sender.inject(fault.kind, this.injectFrom);
  }

  /**
   * Registers messages up to i in the ledger, in order (its expiry relies on it), from the
   * plan: a message is registered once some lane has passed it.
   */
  private register(i: number): void {
    if (!this.ledger || !this.plan) return;
    for (; this.registered <= i; this.registered += 1) {
      const m = this.plan.message(this.registered);
      this.ledger.shadow(m.id, m.crc, m.intendedUs / 1000);
    }
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
    if (!this.ledger) return;
    // A copy may arrive before its lane's report: registered here first, never beyond what
    // the lanes have passed (a forged id must not make the ledger register a million).
    const i = this.plan?.indexOf(d.id);
    if (i != null) this.register(Math.min(i, this.progress.lead() - 1));
    // The ledger compares the CRC32 of what arrived with the one registered at send time.
    this.ledger.observe(lane.backend.name, d.id, crc32(d.payload), Date.now());
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
      for (const metric of LATENCY_KINDS) {
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

/** Resolves when `p` does, or after ms, whichever is first. */
async function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

function summarise(lane: Lane, elapsedS: number): BackendSummary {
  const { e2e, publish, send_delay } = lane.recorder.total;
  const ms = (us: number) => Math.round(us) / 1000;
  const at = (h: typeof e2e, p: number) => (h.totalCount === 0 ? 0 : ms(h.getValueAtPercentile(p)));
  return {
    backend: lane.backend.name,
    sender: lane.sender?.mode ?? 'inline',
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
    sendDelayP50Ms: at(send_delay, 50),
    sendDelayP99Ms: at(send_delay, 99),
    achievedRate: Math.round(lane.recorder.totalConsumed / elapsedS),
  };
}
