import { Worker } from 'node:worker_threads';

// The thread loads TypeScript as the probe does (tsx), whether started by tsx or vitest.
const BOOTSTRAP = `require('tsx/cjs'); require(require('node:worker_threads').workerData.entry);`;

/**
 * Starts one of the probe's threads (sender-worker.ts, consumer-worker.ts) on `data`, whose
 * `entry` is the thread's module; resolves once the thread says `ready`, rejects (and ends
 * the thread) if it says `failed`, throws or exits first. `what` names it in errors.
 */
export function startProbeThread(data: { entry: string }, what: string): Promise<Worker> {
  const worker = new Worker(BOOTSTRAP, { eval: true, workerData: data });
  return new Promise((resolve, reject) => {
    const refuse = (why: string) => {
      void worker.terminate();
      reject(new Error(`${what}: ${why}`));
    };
    const early = (m: { type: string; message?: string }) => {
      if (m.type === 'ready') resolve(worker);
      else if (m.type === 'failed') refuse(m.message ?? 'failed');
      else return;
      worker.off('message', early);
      worker.off('error', crashed);
      worker.off('exit', exited);
    };
    const crashed = (err: Error) => refuse(err.message);
    const exited = () => refuse('exited before it was ready');
    worker.on('message', early);
    worker.once('error', crashed);
    worker.once('exit', exited);
  });
}

/** What a probe thread answers a request with: the step, and why it failed if it did. */
export interface StepDone<Step extends string> {
  type: 'done';
  step: Step;
  error?: string;
}

/**
 * The main thread's side of a started probe thread (sender or consumer): requests by step,
 * each answered by the thread's `done` for that step, after everything it posted before;
 * other messages go to `onMessage`. A thread that exits answers every open request, and
 * posts to it are dropped from then on, so a crashed thread never hangs a stop.
 */
export class ProbeThread<
  Step extends string,
  To extends { type: string },
  From extends { type: string },
> {
  private readonly waiting = new Map<Step, { resolve: () => void; reject: (e: Error) => void }>();
  private exited = false;

  constructor(
    private readonly worker: Worker,
    /** Names the thread in logs and errors ("kafka sender thread"). */
    private readonly what: string,
    onMessage: (m: Exclude<From, StepDone<Step>>) => void,
  ) {
    worker.on('message', (m: From | StepDone<Step>) => {
      if (m.type === 'done') {
        const done = m as StepDone<Step>;
        this.answer(done.step, done.error);
      } else onMessage(m as Exclude<From, StepDone<Step>>);
    });
    worker.on('error', (err) => console.error(`probe: ${what} failed: ${err.message}`));
    worker.on('exit', () => {
      this.exited = true;
      for (const step of [...this.waiting.keys()]) this.answer(step);
    });
  }

  post(m: To): void {
    if (!this.exited) this.worker.postMessage(m);
  }

  /** Posts `m` and resolves on the thread's answer to step m.type (at once if it exited). */
  request(m: To & { type: Step }): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiting.set(m.type, { resolve, reject });
      this.worker.postMessage(m);
    });
  }

  /** Asks the thread to close (`m`), waits at most timeoutMs for its answer, then ends it. */
  async close(m: To & { type: Step }, timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.request(m).catch(() => undefined),
      new Promise((r) => (timer = setTimeout(r, timeoutMs))),
    ]);
    clearTimeout(timer);
    await this.worker.terminate();
  }

  private answer(step: Step, error?: string): void {
    const w = this.waiting.get(step);
    this.waiting.delete(step);
    if (error) w?.reject(new Error(`${this.what}: ${error}`));
    else w?.resolve();
  }
}
