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
