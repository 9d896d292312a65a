import type { Side } from '@/lib/parity';
import type { LaneProgress } from './lane-progress';
import type { MessagePlan } from './message-plan';
import type { SentCrcs } from './sent-crcs';
import { describeError } from '@/lib/kafka/errors';
import type { Fault, ProbeMessage } from './types';

/** What a lane's sender did since its previous report; the main thread records it. */
export interface LaneReport {
  /** µs from intended to actual send, one per message sent since the last report. */
  sendDelayUs: number[];
  /** µs from send to the broker's ack, one per ack since the last report. */
  publishUs: number[];
  /** Sends the broker refused since the last report. */
  failed: number;
  /** Messages skipped since the last report (see SendLoopOptions.maxBacklog). */
  skipped: number;
  /**
   * The messages behind `failed` and `skipped`, as half-open ranges [from, to) flattened
   * into pairs: the parity ledger counts them unsent on this side, not missing.
   */
  unsent: number[];
  /** Totals so far: messages handed to the broker, and passed (sent, withheld or skipped). */
  sent: number;
  next: number;
  inFlight: number;
  /**
   * Answer to an injected fault: the message it was applied to, null when the lane had
   * nothing left to send; absent when no injection was answered since the last report.
   */
  injectedAt?: number | null;
}

export interface SendLoopOptions {
  side: Side;
  /** This lane's slot in the shared progress. */
  lane: number;
  /** Messages in the run; Infinity until stopped. */
  limit: number;
  /** Publishes awaiting an ack; beyond it, due messages wait (and their send delay grows). */
  maxInFlight: number;
  /** Messages this lane may fall behind the lane furthest ahead before it skips its oldest. */
  maxBacklog: number;
}

/** At most one log line per this many ms about refused sends; the rest are counted in it. */
const FAILURE_LOG_EVERY_MS = 5000;

/** How often a lane reports to the main thread, ms. */
const REPORT_EVERY_MS = 10;

/**
 * One lane's open-loop sender: every millisecond it sends every message that has come
 * due, whatever happened to the ones before, so a slow broker shows as latency rather than
 * as a lower rate (coordinated omission). The same loop runs in a lane's sender thread
 * (lane-sender.ts) or, for backends that cannot, on the main thread.
 */
export class SendLoop {
  private next = 0;
  private sent = 0;
  private inFlight = 0;
  /** In a skipping episode: logged once, until the lane is back within half the bound. */
  private skipping = false;
  private sendDelayUs: number[] = [];
  private publishUs: number[] = [];
  private failed = 0;
  private skipped = 0;
  private unsent: number[] = [];
  /**
   * Refused sends not yet logged, with the latest error; logged at most every 5 s. The
   * error is described only when logged: a dead broker refuses thousands a second.
   */
  private unlogged: { count: number; error: unknown } = { count: 0, error: null };
  private failureLogAt = -Infinity;
  private failureLog: NodeJS.Timeout | undefined;
  private injection: { kind: Fault['kind']; fromSeq: number } | null = null;
  private injectedAt: number | null | undefined;
  private reportedNext = 0;
  /** Messages in the run: options.limit, until a stop sets where every lane ends. */
  private limit: number;
  /** Called once the lane has got to the limit a stop set (see finish). */
  private finished: (() => void) | null = null;
  private ticker: NodeJS.Timeout | undefined;
  private readonly reporter: NodeJS.Timeout;

  constructor(
    private readonly options: SendLoopOptions,
    private readonly plan: MessagePlan,
    private readonly progress: LaneProgress,
    private readonly crcs: SentCrcs,
    private readonly publish: (m: ProbeMessage) => Promise<void>,
    private readonly report: (r: LaneReport) => void,
    private readonly now: () => number,
  ) {
    this.limit = options.limit;
    this.reporter = setInterval(() => this.flush(false), REPORT_EVERY_MS);
  }

  start(): void {
    // 1 ms ticks: each sends everything that has come due since the last one.
    this.ticker ??= setInterval(() => this.tick(), 1);
  }

  /**
   * Damages or withholds this lane's copy of the first message from `fromSeq` on that it
   * sends; the next report says which (injectedAt).
   */
  inject(kind: Fault['kind'], fromSeq: number): void {
    this.injection = { kind, fromSeq };
    if (this.next >= this.limit) this.answerInjection(null);
  }

  /** Stops sending; acks still arrive, and are reported, until close. */
  halt(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
    if (this.injection) this.answerInjection(null);
    this.flush(true);
    this.release();
  }

  /**
   * After a halt: sends on up to message `upTo` (the furthest any lane got), as due
   * messages are sent, and calls `done` once there. Lanes halt a few messages apart; without
   * this, the last messages of a clean stop would count as missing on the lanes behind.
   */
  finish(upTo: number, done: () => void): void {
    this.limit = Math.min(this.limit, upTo);
    this.finished = done;
    this.start();
    this.tick();
  }

  /**
   * Once every lane has stopped for good: skips what this lane is still more than
   * maxBacklog behind the final lead, so a finished run's counts keep the bound (what a
   * lane neither sent, withheld nor skipped is at most maxBacklog messages). Everything it
   * did not send up to the lead is reported unsent.
   */
  settle(): void {
    this.skipOverflow();
    // What the lane never sent (within the bound, waiting for room) never reached its broker.
    const lead = this.progress.lead();
    if (lead > this.next) this.markUnsent(this.next, lead);
    this.flush(true);
  }

  close(): void {
    clearInterval(this.ticker);
    clearInterval(this.reporter);
    this.logFailures();
    this.flush(false);
  }

  private tick(): void {
    const due = Math.min(this.plan.dueBy(this.now()), this.limit);
    while (this.next < due && this.inFlight < this.options.maxInFlight) this.send(this.next);
    this.skipOverflow();
    if (this.next < this.limit) return;
    if (this.injection) this.answerInjection(null);
    if (this.finished) this.halt();
  }

  private release(): void {
    const done = this.finished;
    this.finished = null;
    done?.();
  }

  private send(i: number): void {
    const m = this.plan.message(i);
    let kind = this.plan.fault(i, this.options.side);
    if (this.injection && i >= this.injection.fromSeq) {
      kind = this.injection.kind;
      this.answerInjection(i);
    }
    // Published before the send: the main thread registers message i in the parity ledger
    // no later than a copy of it can arrive, with this CRC32 (of the undamaged payload).
    this.crcs.put(this.options.lane, i, m.crc);
    this.next = i + 1;
    this.progress.set(this.options.lane, this.next);
    if (kind === 'drop') return;
    let message = m;
    if (kind === 'corrupt') {
      // Flip one byte of this side's copy only; the header keeps the original CRC32.
      const damaged = Uint8Array.from(m.payload);
      damaged[damaged.length >> 1] = (damaged[damaged.length >> 1] ?? 0) ^ 0xff;
      message = { ...m, payload: damaged };
    }
    this.inFlight += 1;
    this.sent += 1;
    const sentUs = this.now();
    this.sendDelayUs.push(sentUs - m.intendedUs);
    this.publish(message).then(
      () => {
        this.inFlight -= 1;
        this.publishUs.push(this.now() - sentUs);
      },
      (err: unknown) => {
        this.inFlight -= 1;
        this.failed += 1;
        this.markUnsent(i, i + 1);
        this.noteFailure(err);
      },
    );
  }

  /**
   * Says why the broker refused sends: the first at once, then at most one line every
   * FAILURE_LOG_EVERY_MS with how many since, and a trailing line for the last ones.
   */
  private noteFailure(err: unknown): void {
    this.unlogged = { count: this.unlogged.count + 1, error: err };
    const nowMs = performance.now();
    if (nowMs - this.failureLogAt >= FAILURE_LOG_EVERY_MS) this.logFailures();
    else
      this.failureLog ??= setTimeout(
        () => this.logFailures(),
        this.failureLogAt + FAILURE_LOG_EVERY_MS - nowMs,
      );
  }

  private logFailures(): void {
    clearTimeout(this.failureLog);
    this.failureLog = undefined;
    const { count, error } = this.unlogged;
    if (count === 0) return;
    this.failureLogAt = performance.now();
    this.unlogged = { count: 0, error: null };
    console.error(
      `probe: ${this.options.side} refused ${count.toLocaleString('en-US')} send${count === 1 ? '' : 's'} (counted as errors and unsent): ${describeError(error)}`,
    );
  }

  /**
   * A lane stalled behind a broker that stopped acking would fall ever further behind,
   * and once it caught up would send messages the ledger already counts missing. Such a
   * lane skips its oldest due messages instead, and counts each one: as an error in its windows, and the ledger,
   * which registered them when the lead lane passed them, as missing on its side.
   */
  private skipOverflow(): void {
    const lead = this.progress.lead();
    const { maxBacklog, side } = this.options;
    const over = lead - maxBacklog - this.next;
    if (over <= 0) {
      if (lead - this.next < maxBacklog / 2) this.skipping = false;
      return;
    }
    if (!this.skipping)
      console.error(
        `probe: ${side} is ${maxBacklog.toLocaleString('en-US')} messages behind; skipping its oldest (counted as errors, and missing by the ledger)`,
      );
    this.skipping = true;
    this.markUnsent(this.next, this.next + over);
    this.skipped += over;
    this.next += over;
    this.progress.set(this.options.lane, this.next);
  }

  /** Adds [from, to) to the unsent ranges, extending the last one when they touch. */
  private markUnsent(from: number, to: number): void {
    const n = this.unsent.length;
    if (n > 0 && this.unsent[n - 1] === from) this.unsent[n - 1] = to;
    else this.unsent.push(from, to);
  }

  private answerInjection(at: number | null): void {
    this.injection = null;
    this.injectedAt = at;
  }

  private flush(force: boolean): void {
    const idle =
      this.sendDelayUs.length === 0 &&
      this.publishUs.length === 0 &&
      this.failed === 0 &&
      this.skipped === 0 &&
      this.unsent.length === 0 &&
      this.next === this.reportedNext &&
      this.injectedAt === undefined;
    if (idle && !force) return;
    const report: LaneReport = {
      sendDelayUs: this.sendDelayUs,
      publishUs: this.publishUs,
      failed: this.failed,
      skipped: this.skipped,
      unsent: this.unsent,
      sent: this.sent,
      next: this.next,
      inFlight: this.inFlight,
    };
    if (this.injectedAt !== undefined) report.injectedAt = this.injectedAt;
    this.sendDelayUs = [];
    this.publishUs = [];
    this.failed = 0;
    this.skipped = 0;
    this.unsent = [];
    this.injectedAt = undefined;
    this.reportedNext = this.next;
    this.report(report);
  }
}
