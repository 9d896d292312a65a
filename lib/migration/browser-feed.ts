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

/** Where a replay's board comes from instead: its URL for now, and how often to ask. */
export interface MigrationSource {
  url(): string;
  periodMs(): number;
}
let source: MigrationSource | null = null;
let polling: { url: string; periodMs: number } | null = null;

/**
 * Makes the feed read a replay's board (lib/replay: the recording at the tab's position)
 * instead of /api/migration, and asks at once: a seek must not show the old moment for
 * a whole period. null goes back to the live board.
 */
export function setMigrationSource(next: MigrationSource | null): void {
  source = next;
  if (listeners.size === 0 || !polling) return;
  if (timer) clearTimeout(timer);
  controller?.abort();
  timer = null;
  void poll(polling.url, polling.periodMs);
}

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
  if (listeners.size === 1) {
    polling = { url, periodMs };
    void poll(url, periodMs);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      if (timer) clearTimeout(timer);
      controller?.abort();
      timer = null;
      controller = null;
      polling = null;
    }
  };
}

async function poll(url: string, periodMs: number): Promise<void> {
  controller = new AbortController();
  const from = source?.url() ?? url;
  try {
    const res = await fetch(from, { signal: controller.signal, cache: 'no-store' });
    if (!res.ok) throw new Error(`${from}: HTTP ${res.status}`);
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
  const every = source?.periodMs() ?? periodMs;
  timer = setTimeout(() => void poll(url, periodMs), slow ? every * 15 : every);
}
