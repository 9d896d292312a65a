import type { MigrationSnapshot } from './monitor';

export type MigrationFeedState =
  | { type: 'loading' }
  | { type: 'ok'; snapshot: MigrationSnapshot; receivedMs: number }
  | { type: 'error'; message: string; last: MigrationSnapshot | null };

/** The newest snapshot the feed has, even while a poll is failing; null before the first. */
export function latestSnapshot(state: MigrationFeedState): MigrationSnapshot | null {
  return state.type === 'ok' ? state.snapshot : state.type === 'error' ? state.last : null;
}

type Listener = (s: MigrationFeedState) => void;

const listeners = new Set<Listener>();
let state: MigrationFeedState = { type: 'loading' };
let timer: ReturnType<typeof setTimeout> | null = null;
let controller: AbortController | null = null;

/**
 * Polls /api/migration for every widget of the tab at once (one request per period,
 * however many widgets listen), and stops when the last one leaves. Polling, not a
 * stream: the server's own poll of the brokers is every 2 s anyway.
 */
export function subscribeMigration(
  listener: Listener,
  url = '/api/migration',
  periodMs = 2000,
): () => void {
  listeners.add(listener);
  listener(state);
  if (listeners.size === 1) void poll(url, periodMs);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      if (timer) clearTimeout(timer);
      controller?.abort();
      timer = null;
      controller = null;
    }
  };
}

async function poll(url: string, periodMs: number): Promise<void> {
  controller = new AbortController();
  try {
    const res = await fetch(url, { signal: controller.signal, cache: 'no-store' });
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    const snapshot = (await res.json()) as MigrationSnapshot;
    state = { type: 'ok', snapshot, receivedMs: Date.now() };
  } catch (err) {
    if ((err as Error).name === 'AbortError') return;
    state = { type: 'error', message: (err as Error).message, last: latestSnapshot(state) };
  }
  for (const l of listeners) l(state);
  if (listeners.size === 0) return;
  // Nothing changes in a replay: ask rarely.
  const slow = state.type === 'ok' && state.snapshot.type === 'unavailable';
  timer = setTimeout(() => void poll(url, periodMs), slow ? periodMs * 15 : periodMs);
}
