import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ProbeSummary } from '@/lib/probe';
import { probeSummaryFrom } from '@/lib/testing/failover';

/** How long a probe may take to connect and send its first window (ms). */
const READY_TIMEOUT_MS = 120_000;

/**
 * `scripts/probe.ts` as a process of its own, as an operator runs it: ready once it
 * prints its first per-second line, and its JSON summary when it is stopped. Its output
 * goes to `.cutover/logs/<probe id>.log`.
 */
export class ProbeProcess {
  readonly ready: Promise<void>;
  private readonly summary: Promise<ProbeSummary | null>;
  private readonly child: ChildProcess;
  private exited = false;

  constructor(
    readonly probeId: string,
    args: string[],
    env: NodeJS.ProcessEnv,
  ) {
    const logs = path.resolve('.cutover/logs');
    mkdirSync(logs, { recursive: true });
    const log = createWriteStream(path.join(logs, `${probeId}.log`));
    this.child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/probe.ts', '--probe-id', probeId, ...args],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let first: () => void = () => {};
    let failed: (err: Error) => void = () => {};
    this.ready = new Promise<void>((resolve, reject) => {
      first = resolve;
      failed = reject;
    });
    // Awaited by whoever needs it; a probe stopped before it sent anything is not a crash here.
    this.ready.catch(() => {});
    const timer = setTimeout(
      () => failed(new Error(`probe ${probeId} sent nothing in ${READY_TIMEOUT_MS / 1000} s`)),
      READY_TIMEOUT_MS,
    );
    this.child.stdout!.on('data', (b: Buffer) => {
      const text = b.toString('utf8');
      out += text;
      log.write(text);
      // Its per-second lines start with the time: the schedule runs and windows go out.
      if (/^\[\d\d:\d\d:\d\d\]/m.test(text)) {
        clearTimeout(timer);
        first();
      }
    });
    this.child.stderr!.on('data', (b: Buffer) => log.write(b));
    this.summary = new Promise((resolve) =>
      this.child.once('exit', (code) => {
        this.exited = true;
        clearTimeout(timer);
        log.end();
        failed(new Error(`probe ${probeId} exited (${code}) before it sent anything`));
        try {
          resolve(probeSummaryFrom<ProbeSummary>(out));
        } catch {
          resolve(null);
        }
      }),
    );
  }

  /** Stops it as Ctrl-C does (a clean drain); its summary, or null if it printed none. */
  async stop(): Promise<ProbeSummary | null> {
    if (!this.exited) this.child.kill('SIGTERM');
    return this.summary;
  }
}
