import { spawn } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

// Brokers of a stack started by scripts/stack-up.sh in a run dir of its own, stopped,
// frozen and started again with their own command line and data, as an operator would.

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
