import { spawn } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Producer } from '@platformatic/kafka';
import { encodeRawWindow, samplesSubject } from '@/lib/samples';

/**
 * Fault injection for the fault e2e tests and `npm run reliability`: brokers of a stack
 * started by scripts/stack-up.sh in a run dir of its own, stopped, frozen and started
 * again with their own command line and data, as an operator would; and timestamped
 * records of what the page and the SSE route showed meanwhile.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Where a dedicated stack keeps its PID files and logs, and the ports readiness needs. */
export interface StackDirs {
  runDir: string;
  logDir: string;
  natsMonitorPort: number;
  kafkaPort: number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** One broker process of a dedicated stack. */
export class BrokerProcess {
  private constructor(
    readonly name: 'nats' | 'kafka',
    private readonly argv: string[],
    public pid: number,
    private readonly dirs: StackDirs,
  ) {}

  /** The running broker whose PID file is in `dirs.runDir`; refuses a process that isn't that stack's. */
  static attach(name: 'nats' | 'kafka', dirs: StackDirs): BrokerProcess {
    const pid = Number(readFileSync(path.join(dirs.runDir, `${name}.pid`), 'utf8'));
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    if (!argv.some((a) => a.includes(dirs.runDir)))
      throw new Error(`${name} pid ${pid} does not belong to ${dirs.runDir}`);
    return new BrokerProcess(name, argv, pid, dirs);
  }

  /** SIGTERM, then waits for the exit; returns the exit time (epoch ms). */
  async stop(): Promise<number> {
    process.kill(this.pid, 'SIGTERM');
    while (alive(this.pid)) await sleep(20);
    return Date.now();
  }

  /** Starts it again with the same command line; resolves with the time it serves clients (epoch ms). */
  async start(): Promise<number> {
    // Kafka truncates its server log when it starts, but a second or two in: the previous
    // run's "started" line must not count as ready.
    if (this.name === 'kafka') writeFileSync(path.join(this.dirs.logDir, 'kafka-server.log'), '');
    const out = openSync(path.join(this.dirs.logDir, `${this.name}.log`), 'a');
    const child = spawn(this.argv[0]!, this.argv.slice(1), {
      detached: true,
      stdio: ['ignore', out, out],
    });
    child.unref();
    this.pid = child.pid!;
    writeFileSync(path.join(this.dirs.runDir, `${this.name}.pid`), `${this.pid}\n`);
    for (;;) {
      if (await this.ready()) return Date.now();
      if (!alive(this.pid)) throw new Error(`${this.name} exited on restart (${this.dirs.logDir})`);
      await sleep(50);
    }
  }

  /** SIGSTOP: the process keeps its sockets open and answers nothing. */
  freeze(): void {
    process.kill(this.pid, 'SIGSTOP');
  }

  thaw(): void {
    process.kill(this.pid, 'SIGCONT');
  }

  private async ready(): Promise<boolean> {
    if (this.name === 'nats') {
      return fetch(
        `http://127.0.0.1:${this.dirs.natsMonitorPort}/healthz?js-enabled-only=true`,
      ).then(
        (r) => r.ok,
        () => false,
      );
    }
    let log = '';
    try {
      log = readFileSync(path.join(this.dirs.logDir, 'kafka-server.log'), 'utf8');
    } catch {
      return false;
    }
    return log.includes('Kafka Server started') && portOpen(this.dirs.kafkaPort);
  }
}

/** One change of a transport's status strip: its state or its window count. */
export interface TransportEvent {
  transport: 'nats' | 'kafka';
  state: string;
  windows: number;
  atMs: number;
}

/** Starts recording, in the page, every change of both transports' status strips (25 ms poll). */
export async function watchTransports(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __transportEvents: TransportEvent[] };
    w.__transportEvents = [];
    const last: Record<string, string> = {};
    setInterval(() => {
      for (const transport of ['nats', 'kafka'] as const) {
        const el = document.querySelector(`[data-testid="transport-${transport}"]`);
        if (!el) continue;
        const state = el.getAttribute('data-state') ?? '';
        const windows = Number(
          /([\d,]+) windows/.exec(el.textContent ?? '')?.[1]?.replace(/,/g, ''),
        );
        const key = `${state}|${windows}`;
        if (last[transport] === key) continue;
        last[transport] = key;
        w.__transportEvents.push({ transport, state, windows, atMs: Date.now() });
      }
    }, 25);
  });
}

export async function transportEvents(page: Page): Promise<TransportEvent[]> {
  return page.evaluate(
    () => (window as unknown as { __transportEvents: TransportEvent[] }).__transportEvents,
  );
}

/** First event of `transport` at or after `fromMs` that matches. */
export function firstAfter(
  events: TransportEvent[],
  transport: TransportEvent['transport'],
  fromMs: number,
  match: (e: TransportEvent) => boolean,
): TransportEvent | undefined {
  return events.find((e) => e.transport === transport && e.atMs >= fromMs && match(e));
}

/** When the page counted its first new window on `transport` after `fromMs`. */
export function dataAfter(
  events: TransportEvent[],
  transport: TransportEvent['transport'],
  fromMs: number,
): TransportEvent | undefined {
  const before = events.filter((e) => e.transport === transport && e.atMs < fromMs).at(-1);
  return firstAfter(events, transport, fromMs, (e) => e.windows > (before?.windows ?? 0));
}

export interface SseEvent {
  event: string;
  data: string;
  atMs: number;
}

/**
 * Reads an SSE route and timestamps every event; reconnects after a second, as EventSource
 * does, when the server goes away.
 */
export function sseReader(url: string): { events: SseEvent[]; close: () => void } {
  const events: SseEvent[] = [];
  const controller = new AbortController();
  void (async () => {
    while (!controller.signal.aborted) {
      try {
        const res = await fetch(url, { signal: controller.signal });
        const reader = res.body!.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let i;
          while ((i = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1] ?? '';
            if (event) events.push({ event, data, atMs: Date.now() });
          }
        }
      } catch {
        // the server is restarting, or we were closed
      }
      await sleep(1000);
    }
  })();
  return { events, close: () => controller.abort() };
}

export const sseAfter = (events: SseEvent[], fromMs: number, match: (e: SseEvent) => boolean) =>
  events.find((e) => e.atMs >= fromMs && match(e));

export interface BeatOptions {
  nats: NatsConnection;
  producer: Producer<string, string, string, string>;
  topic: string;
  probeId: string;
  /** Backend names of the windows on each transport, so the page tells them apart. */
  backends: { nats: string; kafka: string };
}

/**
 * A producer like the probe: one new window per transport every 250 ms, whatever the
 * brokers do. A Kafka send still pending is not queued behind (a stopped broker would
 * otherwise release a burst on recovery). Returns a function that stops it.
 */
/** How often the beat publishes, and the length of its windows (ms). */
const BEAT_MS = 250;

export function startBeat(o: BeatOptions): () => void {
  let kafkaBusy = false;
  // Quarter-second windows stamped with the time they cover: four fresh windows a second,
  // none ahead of the receiver's clock (which would be refused as clock_skew).
  const text = (backend: string, startMs: number) =>
    encodeRawWindow(
      {
        backend,
        probeId: o.probeId,
        windowStartMs: startMs,
        windowEndMs: startMs + BEAT_MS,
        errors: 0,
        bytes: 0,
      },
      [1000 + (startMs % 1000)],
    );
  const timer = setInterval(() => {
    const startMs = Math.floor(Date.now() / BEAT_MS) * BEAT_MS - BEAT_MS;
    o.nats.publish(samplesSubject(o.backends.nats, o.probeId), text(o.backends.nats, startMs));
    if (kafkaBusy) return;
    kafkaBusy = true;
    o.producer
      .send({
        messages: [
          { topic: o.topic, key: o.backends.kafka, value: text(o.backends.kafka, startMs) },
        ],
      })
      .catch(() => undefined)
      .finally(() => (kafkaBusy = false));
  }, BEAT_MS);
  return () => clearInterval(timer);
}
