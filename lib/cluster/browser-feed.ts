import type { ClusterResponse } from './types';

export type ClusterFeedState =
  | { type: 'loading' }
  | { type: 'ok'; response: ClusterResponse; receivedMs: number }
  | { type: 'error'; message: string; last: ClusterResponse | null };

/** The newest answer the feed has, even while a poll is failing; null before the first. */
export function latestCluster(state: ClusterFeedState): ClusterResponse | null {
  return state.type === 'ok' ? state.response : state.type === 'error' ? state.last : null;
}

type Listener = (s: ClusterFeedState) => void;

const listeners = new Set<Listener>();
let state: ClusterFeedState = { type: 'loading' };
let timer: ReturnType<typeof setTimeout> | null = null;
let controller: AbortController | null = null;
let inFlight = false;
/** A refresh asked for while a poll was in flight: run one more right after it. */
let trailing = false;
let feedUrl = '/api/cluster';
let feedPeriodMs = 2000;

/** Where a replay's clusters come from instead: the tab's position now, and how often to ask. */
export interface ClusterSource {
  url(): string;
  periodMs(): number;
}
let source: ClusterSource | null = null;

/**
 * Makes the feed read a replay's clusters (the recording at the tab's position) and asks
 * at once, as a seek must not show the old moment for a whole period; null goes back to
 * the live view.
 */
export function setClusterSource(next: ClusterSource | null): void {
  source = next;
  if (listeners.size === 0) return;
  if (timer) clearTimeout(timer);
  controller?.abort();
  timer = null;
  inFlight = false;
  trailing = false;
  void poll();
}

/**
 * Polls /api/cluster for every widget of the tab at once (one request per period,
 * however many widgets listen), and stops when the last one leaves.
 */
export function subscribeCluster(
  listener: Listener,
  url = '/api/cluster',
  periodMs = 2000,
): () => void {
  listeners.add(listener);
  listener(state);
  if (listeners.size === 1) {
    feedUrl = url;
    feedPeriodMs = periodMs;
    document.addEventListener('visibilitychange', onVisible);
    void poll();
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    document.removeEventListener('visibilitychange', onVisible);
    if (timer) clearTimeout(timer);
    controller?.abort();
    timer = null;
    controller = null;
    inFlight = false;
    trailing = false;
  };
}

/**
 * Polls now rather than at the next period (a tab coming back into view). A request
 * already in flight may carry an answer older than the reason for refreshing, so one
 * more poll follows it.
 */
function refreshCluster(): void {
  if (listeners.size === 0) return;
  if (inFlight) {
    trailing = true;
    return;
  }
  if (timer) clearTimeout(timer);
  void poll();
}

function onVisible(): void {
  if (document.visibilityState === 'visible') refreshCluster();
}

async function poll(): Promise<void> {
  inFlight = true;
  timer = null;
  const mine = new AbortController();
  controller = mine;
  const from = source?.url() ?? feedUrl;
  try {
    const res = await fetch(from, { signal: mine.signal, cache: 'no-store' });
    if (!res.ok) throw new Error(`${from}: HTTP ${res.status}`);
    const response = (await res.json()) as ClusterResponse;
    state = { type: 'ok', response, receivedMs: Date.now() };
  } catch (err) {
    if ((err as Error).name === 'AbortError') return;
    state = { type: 'error', message: (err as Error).message, last: latestCluster(state) };
  } finally {
    if (controller === mine) inFlight = false;
  }
  for (const l of listeners) l(state);
  if (listeners.size === 0) return;
  if (trailing) {
    trailing = false;
    void poll();
    return;
  }
  // Nothing changes where there is nothing to see: ask rarely.
  const slow = state.type === 'ok' && state.response.type === 'unavailable';
  const every = source?.periodMs() ?? feedPeriodMs;
  timer = setTimeout(() => void poll(), slow && !source ? every * 15 : every);
}
