import { VIEW_WINDOWS_MS } from '@/lib/latency';
import type { SeedSeries } from '@/lib/live';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { serverConfig } from '@/lib/config';
import {
  closeAllStreams,
  closeConnectionsOnShutdown,
  DEFAULT_LIMITS,
  sampleHub,
  streamSamples,
} from '@/lib/kafka';
import { serverMetrics } from '@/lib/metrics';
import { PARITY_PREFIX, PARITY_WILDCARD } from '@/lib/parity';
import { ReplayPlayer } from '@/lib/replay/server';
import { SAMPLES_PREFIX, SAMPLES_WILDCARD } from '@/lib/samples';
import { loadedReplay, replayStreamResponse } from './replay';

interface Feeds {
  nats?: NatsConnection;
  player?: ReplayPlayer;
}

const holder = globalThis as typeof globalThis & { __cutoverFeeds?: Feeds };

/**
 * Starts what the server itself listens to, once per process:
 * live — the Kafka hub (also behind /api/stream) and a NATS subscription, both into
 * /api/metrics; replay — the recording played in a loop into the hub, for /api/metrics
 * (each tab gets a replay of its own through /api/stream: replayStreamResponse).
 */
export async function startServerFeeds(): Promise<void> {
  if (holder.__cutoverFeeds) return;
  const feeds: Feeds = {};
  holder.__cutoverFeeds = feeds;
  // Beside Next's own handlers, which wait for open requests (SSE never ends) before exiting.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, closeAllStreams);
  closeConnectionsOnShutdown();
  const config = serverConfig();
  const { ingest } = serverMetrics();
  const hub = sampleHub();
  // Every Kafka (or replayed) sample is decoded once here, before any tab sees it.
  hub.setScreen((data, origin) => ingest.screen(data, 'kafka', origin));
  // A tab that opens mid-run starts from the server's merged history, not an empty chart.
  if (config.recentMs > 0)
    hub.setWelcome(() => [{ type: 'history', text: ingest.historySnapshot() }]);
  hub.subscribe((e) => {
    if (e.type === 'parity') ingest.parity(e.text);
  });

  const replay = loadedReplay();
  if (config.source.type === 'replay' && replay) {
    const { recording } = replay;
    hub.inject({ type: 'status', status: { type: 'connected' } });
    feeds.player = new ReplayPlayer(recording, {
      speed: config.source.speed,
      emit: (subject, body) => {
        if (subject.startsWith(SAMPLES_PREFIX)) hub.inject({ type: 'sample', text: body });
        else if (subject.startsWith(PARITY_PREFIX)) hub.inject({ type: 'parity', text: body });
      },
    });
    feeds.player.start();
    return;
  }

  // Not awaited: with NATS down the server must still start (and show it); the client retries for ever.
  const startNats = (): void =>
    void connect({
      servers: config.natsServers,
      user: config.natsUser,
      pass: config.natsPass,
      name: 'cutover-dashboard-server',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      waitOnFirstConnect: true,
      // A server still starting may refuse credentials it will accept a moment later.
      ignoreAuthErrorAbort: true,
    }).then(
      (nc) => {
        feeds.nats = nc;
        nc.subscribe(SAMPLES_WILDCARD, {
          callback: (_e, m) =>
            void ingest.sample(m.data, 'nats', { type: 'nats', subject: m.subject }),
        });
        nc.subscribe(PARITY_WILDCARD, { callback: (_e, m) => ingest.parity(m.data) });
        // Should the client ever give up, start a new one: /api/metrics must not go quiet.
        void nc.closed().then(() => setTimeout(startNats, 1000));
      },
      (err: unknown) => {
        console.error(`cutover: NATS feed for /api/metrics: ${(err as Error).message}; retrying`);
        setTimeout(startNats, 1000);
      },
    );
  startNats();
}

/**
 * The recent past (CUTOVER_RECENT_SECONDS, a minute by default) of each labelled backend, per second and all probes merged, from the
 * server's own history: a page is rendered with it so its charts draw before its feeds
 * have connected.
 */
export function recentSeries(periodMs = serverConfig().recentMs): SeedSeries {
  // A replaying tab runs on its recording's clock from its own position: the server's
  // loop, shifted to now, is not its past (the tab's stream sends that first).
  if (periodMs <= 0 || serverConfig().source.type === 'replay') return [];
  const { ingest } = serverMetrics();
  const slaUs = serverConfig().slaMs * 1000;
  return ingest.recentSeries(periodMs).map((s) => ({
    ...s,
    summaries: SEED_PERIODS_MS.flatMap((p) => ingest.summary(s.backend, p, slaUs) ?? []),
  }));
}

/** Periods a page reads first (its windows, among them the 5 m / 1 h of the burn rates), rendered by the server. */
const SEED_PERIODS_MS = Object.values(VIEW_WINDOWS_MS);

/** GET /api/stream: the samples stream (a replay of the tab's own in a replay), counting open streams in /api/metrics. */
export function sampleStreamResponse(request: Request): Response {
  const replay = loadedReplay();
  if (replay) return replayStreamResponse(request, replay);
  return streamSamples(request, sampleHub(), (n) => serverMetrics().metrics.sseClients.set(n), {
    ...DEFAULT_LIMITS,
    trustedProxies: serverConfig().trustedProxies,
  });
}
