import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { track } from './common';
import type { FloorResult } from './floor-sender';

export type { FloorResult };

/** A floor sender process, started and waiting for its go. */
export interface Floor {
  /** Starts its schedule now; resolves with its send delays once it has run. */
  go(rate: number, seconds: number): Promise<FloorResult>;
  kill(): void;
}

/** Starts bench/probe/floor-sender.ts and waits until it is ready (Node and tsx loaded). */
export async function startFloor(): Promise<Floor> {
  const child = track(
    spawn('node', ['--import', 'tsx', 'bench/probe/floor-sender.ts'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  const lines = createInterface({ input: child.stdout });
  const next = () =>
    new Promise<string>((resolve, reject) => {
      // 'close', not 'exit': a child can exit before its last line has been read from the
      // pipe (a full run once lost the 7,500 msg/s floor's result that way); 'close' comes
      // after its output has ended.
      const onClose = (code: number | null) => reject(new Error(`floor sender exited (${code})`));
      child.once('close', onClose);
      lines.once('line', (l) => {
        child.off('close', onClose);
        resolve(l);
      });
    });
  const ready = await next();
  if (ready !== 'ready') throw new Error(`floor sender said "${ready}"`);
  return {
    go(rate, seconds) {
      const result = next();
      child.stdin.end(`${rate} ${seconds}\n`);
      return result.then((l) => JSON.parse(l) as FloorResult);
    },
    kill: () => void child.kill(),
  };
}
