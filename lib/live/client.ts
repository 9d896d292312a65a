import type { PublicConfig } from '@/lib/config';
import type { EvidenceBundle } from '@/lib/evidence';
import type { ReplayClock } from '@/lib/replay';
import type { FromWorker, ToWorker } from './protocol';
import type { EvidenceFile, LiveQuery, LiveUpdate } from './types';

/** The page's handle on its live engine, wherever that runs. */
export interface LiveClient {
  /** Ready for the next update (after rendering the last one). */
  pull(): void;
  setQuery(query: LiveQuery): void;
  /** Evidence of what the view holds, as a file body. */
  exportEvidence(
    source: EvidenceBundle['source'],
    format: EvidenceFile['format'],
  ): Promise<EvidenceFile>;
  stop(): void;
}

function createWorker(): Worker | null {
  try {
    return new Worker(new URL('./live.worker.ts', import.meta.url), {
      type: 'module',
      name: 'cutover-live',
    });
  } catch {
    return null;
  }
}

// Started when this module first runs in a browser, so the worker's chunks load while the
// page hydrates rather than after; the first startLive() takes it over.
let early: Worker | null = typeof window === 'undefined' ? null : createWorker();

/**
 * Starts the live engine in a module Web Worker and hands each update to onUpdate. Where
 * no worker can start, or the worker fails, the engine runs on the page's own thread
 * instead: loaded on demand, so the page's first-load JavaScript carries neither the NATS
 * client nor the histogram code. A replay passes its clock: the engine's "now".
 */
export function startLive(
  config: PublicConfig,
  streamUrl: string,
  onUpdate: (update: LiveUpdate) => void,
  clock?: ReplayClock,
): LiveClient {
  let query: LiveQuery | null = null;
  let wantsPull = false;
  let stopped = false;
  const exports = new Map<number, (file: EvidenceFile) => void>();
  let nextExportId = 1;
  let send: (message: ToWorker) => void = () => {};

  const receive = (m: FromWorker) => {
    if (m.type === 'update') onUpdate(m.update);
    else exports.get(m.id)?.(m.file);
  };
  const inPage = () => {
    void import('./host').then(({ serveLive }) => {
      if (stopped) return;
      send = serveLive(receive);
      send({ type: 'start', config, streamUrl, clock });
      if (query) send({ type: 'query', query });
      if (wantsPull) send({ type: 'pull' });
    });
  };

  const worker = early ?? createWorker();
  early = null;
  if (worker) {
    const w = worker;
    send = (m) => w.postMessage(m);
    w.onmessage = (e: MessageEvent<FromWorker>) => receive(e.data);
    w.onerror = (e) => {
      console.warn('live worker failed, running on the page instead:', e.message);
      w.terminate();
      inPage();
    };
    send({ type: 'start', config, streamUrl, clock });
  } else inPage();

  return {
    pull() {
      wantsPull = true;
      send({ type: 'pull' });
    },
    setQuery(q) {
      query = q;
      send({ type: 'query', query: q });
    },
    exportEvidence(source, format) {
      const id = nextExportId++;
      return new Promise((resolve) => {
        exports.set(id, (file) => (exports.delete(id), resolve(file)));
        send({ type: 'export', id, source, format });
      });
    },
    stop() {
      stopped = true;
      send({ type: 'stop' });
      worker?.terminate();
    },
  };
}
