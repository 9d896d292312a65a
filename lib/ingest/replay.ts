import { serverConfig, type GateConfig } from '@/lib/config';
import { DEFAULT_LIMITS, SampleHub, streamSamples } from '@/lib/kafka';
import { serverMetrics } from '@/lib/metrics';
import type { Recording, ReplayInfo } from '@/lib/replay';
import {
  clusterAt,
  Lookbacks,
  migrationAt,
  parseStreamQuery,
  probesAt,
  readRecording,
  replayInfo,
  ReplaySession,
} from '@/lib/replay/server';

interface LoadedReplay {
  recording: Recording;
  info: ReplayInfo;
  /** Shared by every tab's session: a link opened in many tabs merges its history once. */
  lookbacks: Lookbacks;
}

const holder = globalThis as typeof globalThis & { __cutoverReplay?: LoadedReplay };

/** The recording this server replays, read once per process; null when live. */
export function loadedReplay(): LoadedReplay | null {
  const config = serverConfig();
  if (config.source.type !== 'replay') return null;
  if (!holder.__cutoverReplay) {
    const recording = readRecording(config.source.file);
    holder.__cutoverReplay = {
      recording,
      info: replayInfo(recording, config.source.speed),
      lookbacks: new Lookbacks(recording),
    };
  }
  return holder.__cutoverReplay;
}

/**
 * The gate's thresholds a page judges by: the recording's own in a replay that carries them
 * (the run's ledger and SLA hold, not this server's), else `fallback` (config/cutover.json).
 */
export function replayGateConfig(fallback: GateConfig): GateConfig {
  return loadedReplay()?.recording.header.gate ?? fallback;
}

/** What every page's replay controls are rendered with; null when live. */
export function currentReplayInfo(): ReplayInfo | null {
  return loadedReplay()?.info ?? null;
}

/**
 * GET /api/stream in a replay: a stream of the tab's own, played from the position and
 * speed its URL names (`t` ms, `speed`, `wall`: lib/replay/clock.ts) through the same
 * SSE route and limits as live Kafka data. The lookback comes first, so the tab's figures
 * cover the period before its position; the session ends with the stream.
 */
export function replayStreamResponse(request: Request, replay: LoadedReplay): Response {
  const { recording, lookbacks, info } = replay;
  const { positionMs, speed } = parseStreamQuery(
    new URL(request.url).searchParams,
    { speed: info.defaultSpeed, durationMs: info.durationMs },
    Date.now(),
  );
  const hub = new SampleHub({ source: 'external', brokers: [], topic: '' });
  hub.inject({ type: 'status', status: { type: 'connected' } });
  const session = new ReplaySession(recording, {
    positionMs,
    speed,
    lookback: (p) => lookbacks.at(p),
    emit: (event) => {
      // The stream dropped a reader that fell behind: nobody is left to play to.
      if (hub.listenerCount === 0) session.stop();
      else hub.inject(event);
    },
  });
  const response = streamSamples(request, hub, (n) => serverMetrics().metrics.sseClients.set(n), {
    ...DEFAULT_LIMITS,
    trustedProxies: serverConfig().trustedProxies,
  });
  if (!response.ok) return response;
  request.signal.addEventListener('abort', () => session.stop(), { once: true });
  session.start();
  return response;
}

/** The position (ms since the recording started) a request asks about, within the recording. */
function positionOf(request: Request, replay: LoadedReplay): number {
  const value = Number(new URL(request.url).searchParams.get('positionMs') ?? '0');
  return Math.min(replay.info.durationMs, Math.max(0, Number.isFinite(value) ? value : 0));
}

const noStore = { headers: { 'cache-control': 'no-store' } };
const notReplaying = () =>
  Response.json({ error: 'not a replay: this server reads live brokers' }, { status: 404 });

/**
 * GET /api/replay/migration?positionMs=: the consumer-group board, phases and history as
 * they stood at that point of the recording, in /api/migration's shape (plus `replay`).
 */
export function replayMigrationResponse(request: Request): Response {
  const replay = loadedReplay();
  if (!replay) return notReplaying();
  return Response.json(migrationAt(replay.recording, positionOf(request, replay)), noStore);
}

/**
 * GET /api/replay?positionMs=: the recording's timeline (markers, length), and what it
 * held at that position beyond the board: cluster events and snapshots, probe summaries,
 * the recorder's last gate verdict.
 */
export function replayStateResponse(request: Request): Response {
  const replay = loadedReplay();
  if (!replay) return notReplaying();
  const { recording, info } = replay;
  const positionMs = positionOf(request, replay);
  const gate = recording.gates.filter((g) => g.t <= positionMs).at(-1) ?? null;
  return Response.json(
    {
      info,
      positionMs,
      cluster: clusterAt(recording, positionMs),
      probes: probesAt(recording, positionMs),
      gate: gate && { atMs: recording.startMs + gate.t, go: gate.go, checks: gate.checks },
      skipped: recording.skipped,
    },
    noStore,
  );
}
