import { randomBytes } from 'node:crypto';
import { ParityLedger, type ParityTotals, type Side } from '@/lib/parity';
import { nowUs } from './clock';
import { formatShard, WHOLE_FLEET, type FleetShard } from './fleet-shard';
import { FaultInjections } from './injections';
import { addUnsentRanges, othersPerSide, type Lane } from './lane';
import { openLaneConsumer, type Arrival, type ConsumerMode } from './lane-consumer';
import { LaneProgress } from './lane-progress';
import { openLaneSender, type LaneSender, type SenderMode } from './lane-sender';
import { niceFor, type PriorityMode } from './priority';
import { MessagePlan, type PlanSpec } from './message-plan';
import { ParityReports } from './parity-reports';
import { SentCrcs } from './sent-crcs';
import type { ParityStore } from './parity-store';
import type { LaneReport } from './send-loop';
import { summarise, type ProbeSummary } from './summary';
import type { Fault, ProbeBackend, Report } from './types';
import { windowReports, WindowTicker } from './window-publisher';
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
  /** Where each lane's consumers run (default worker; see ConsumerMode). */
  consumer?: ConsumerMode;
  /** The sender and consumer threads' scheduling priority (default raised; see PriorityMode). */
  priority?: PriorityMode;
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

/**
 * Messages per lane whose CRC32 the main thread can read back from the senders: 6.5 s at
 * 10,000 msg/s (768 KiB a lane), far more than this thread lags at worst.
 */
const SENT_CRC_SLOTS = 65_536;

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
  private readonly parityReports: ParityReports | null;
  private readonly maxBacklog: number;
  private readonly progress: LaneProgress;
  /** The CRC32 of what the senders built lately, so this thread need not build it again. */
  private readonly crcs: SentCrcs;
  /** This run's id, in every message it writes: what it consumes without it is not its own. */
  private readonly runId = randomBytes(8).toString('hex');
  private plan: MessagePlan | undefined;
  /** Messages 0..registered-1 are in the ledger. */
  private registered = 0;
  private readonly injections = new FaultInjections(
    (side) => this.lanes.find((l) => l.backend.name === side)?.sender,
  );
  private readonly windows: WindowTicker;
  private startedUs = 0;
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
      consumer: undefined,
      unsentRanges: [],
      sent: 0,
      inFlight: 0,
      skipped: 0,
    }));
    this.progress = new LaneProgress(backends.length);
    this.crcs = new SentCrcs(backends.length, SENT_CRC_SLOTS);
    const graceMs = options.parity?.graceMs ?? DEFAULT_BACKLOG_MS;
    this.maxBacklog =
      options.maxBacklog ?? Math.max(1, Math.ceil((options.ratePerSecond * graceMs) / 1000));
    const both =
      backends.some((b) => b.name === 'kafka') && backends.some((b) => b.name === 'nats');
    this.ledger =
      options.parity && both
        ? new ParityLedger({ graceMs: options.parity.graceMs }, restored)
        : null;
    this.parityReports =
      this.ledger && options.parity
        ? new ParityReports(
            this.ledger,
            {
              probeId: options.probeId,
              parityTopic: options.parityTopic,
              ledger: options.parity.ledger,
              target: options.parity.target,
            },
            (kind) => othersPerSide(this.lanes, kind),
          )
        : null;
    this.windows = new WindowTicker(options.windowMs, (endMs) => this.publishReports(endMs));
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
            crcs: this.crcs,
          },
          this.options.sender ?? 'worker',
          (r) => this.reported(lane, r),
          niceFor(this.options.priority ?? 'raised', 'sender'),
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
      for (const lane of this.lanes) {
        lane.consumer = await openLaneConsumer(
          lane.backend,
          this.options.consumer ?? 'worker',
          (arrivals) => this.delivered(lane, arrivals),
          niceFor(this.options.priority ?? 'raised', 'consumer'),
        );
        await lane.consumer.start();
      }
    } catch (err) {
      await this.closeConsumers();
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
    this.parityReports?.mark(Date.now());
    this.injections.start();
    this.windows.start();
  }

  /**
   * Damages or withholds one side's copy of a coming message (tests and demos): the first
   * that side sends once the fault reaches its sender, and after the message of any fault
   * injected before it.
   */
  injectNext(fault: Fault): void {
    this.injections.push(fault);
  }

  /** Stops and restarts one backend's consumers, as a crashed consumer process would. */
  async restartConsumers(side: Side, downMs = 0): Promise<void> {
    const lane = this.lanes.find((l) => l.backend.name === side);
    if (!lane) return;
    await lane.consumer?.stop();
    await new Promise((r) => setTimeout(r, downMs));
    await lane.consumer?.start();
  }

  /** Stops every lane's consumers, as a crashed consumer process would (tests). */
  async stopConsumers(): Promise<void> {
    await Promise.all(this.lanes.map((l) => l.consumer?.stop()));
  }

  /**
   * Stops sending, waits (up to drainMs) for acks and for every message to reach both
   * sides, then closes the ledger: what has still not arrived counts as missing.
   */
  async stop(drainMs = 5000): Promise<ProbeSummary> {
    this.windows.halt();
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
    this.windows.clear();
    await Promise.all(senders.map((s) => s.close()));
    // What arrived until the consumers stopped is counted; nothing after.
    await this.closeConsumers();
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
    addUnsentRanges(lane.unsentRanges, r.unsent);
    this.register(r.next - 1);
    if (this.ledger && this.plan)
      for (let k = 0; k + 1 < r.unsent.length; k += 2)
        for (let i = r.unsent[k]!; i < r.unsent[k + 1]!; i += 1)
          this.ledger.unsent(lane.backend.name, this.plan.id(i));
    this.injections.landed(r.injectedAt);
  }

  /**
   * Registers messages up to i in the ledger, in order (its expiry relies on it), from the
   * plan: a message is registered once some lane has passed it.
   */
  private register(i: number): void {
    if (!this.ledger || !this.plan) return;
    for (; this.registered <= i; this.registered += 1) {
      const j = this.registered;
      // Built here only if every lane that passed it skipped it (or its slot was reused).
      const crc = this.crcs.get(j) ?? this.plan.message(j).crc;
      this.ledger.shadow(this.plan.id(j), crc, this.plan.intendedUs(j) / 1000);
    }
  }

  private async closeConsumers(): Promise<void> {
    await Promise.allSettled(this.lanes.map((l) => l.consumer?.close()));
  }

  // Runs once per batch of consumed messages (measured where they arrived: lane-consumer.ts).
  private delivered(lane: Lane, arrivals: Arrival[]): void {
    const nowMs = Date.now();
    for (const a of arrivals) {
      // Only what this run planned is measured: an earlier run's message measures the time
      // it sat in the stream, and another probe's belongs to that probe's ledger.
      if (a.run !== this.runId || a.probe !== this.options.probeId) {
        lane.recorder.other(a.probe === this.options.probeId ? 'stale' : 'foreign');
        continue;
      }
      lane.recorder.consumed(a.e2eUs, a.bytes);
      if (!this.ledger) continue;
      // A copy may arrive before its lane's report: registered here first, never beyond
      // what the lanes have passed (a forged id must not make the ledger register a million).
      const i = this.plan?.indexOf(a.id);
      if (i != null) this.register(Math.min(i, this.progress.lead() - 1));
      // The ledger compares the CRC32 of what arrived with the one registered at send time.
      this.ledger.observe(lane.backend.name, a.id, a.crc, nowMs);
    }
  }

  private async publishReports(endMs: number): Promise<void> {
    const windows = this.lanes.map((l) => l.recorder.rotate(endMs)).filter((w) => w !== null);
    const reports: Report[] = windowReports(
      windows,
      this.options.probeId,
      this.options.samplesTopic,
    );
    const parity = this.parityReports?.report();
    if (parity) reports.push(parity);
    if (windows.length > 0) this.onWindow(windows, this.ledger?.snapshot() ?? null);
    const tasks = this.lanes.flatMap((lane) => reports.map((r) => lane.backend.publishReport(r)));
    if (this.ledger && this.store) tasks.push(this.store.save(this.ledger.snapshot()));
    await Promise.allSettled(tasks);
  }
}

/** Resolves when `p` does, or after ms, whichever is first. */
async function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}
