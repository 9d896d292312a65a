/** Speeds the controls offer; the URL may carry any speed from MIN_SPEED to MAX_SPEED. */
export const REPLAY_SPEEDS = [1, 4, 16] as const;
export const MIN_SPEED = 0.1;
export const MAX_SPEED = 100;

/**
 * A tab's replay clock: at wall time `wallMs` the replay stood at `positionMs` (ms since
 * the recording started) and moves `speed` recorded ms per wall ms; speed 0 is paused.
 * "Now" for everything the tab computes is the recording's own time, startMs + position:
 * windows keep the times they were recorded with, and a paused replay holds its figures.
 */
export interface ReplayClock {
  /** The recording's start (epoch ms). */
  startMs: number;
  durationMs: number;
  positionMs: number;
  wallMs: number;
  speed: number;
}

/** Where the replay stands (ms since its start) at wall time `wallNowMs`, within the recording. */
export function positionAt(clock: ReplayClock, wallNowMs: number): number {
  const moved = clock.positionMs + Math.max(0, wallNowMs - clock.wallMs) * clock.speed;
  return Math.min(clock.durationMs, Math.max(0, moved));
}

/** The replay's "now" (epoch ms, in the recording's time) at wall time `wallNowMs`. */
export function replayNowMs(clock: ReplayClock, wallNowMs: number): number {
  return clock.startMs + positionAt(clock, wallNowMs);
}

/** A position and speed, as a URL carries them. */
export interface ReplayPosition {
  positionMs: number;
  /** 0: paused. */
  speed: number;
}

interface Query {
  get(name: string): string | null;
}

/** A speed from a URL: 0 (paused) or MIN_SPEED..MAX_SPEED; anything else is `fallback`. */
export function parseSpeed(value: string | null, fallback: number): number {
  if (value === null || value.trim() === '') return fallback;
  const speed = Number(value);
  if (speed === 0) return 0;
  return Number.isFinite(speed) && speed >= MIN_SPEED && speed <= MAX_SPEED ? speed : fallback;
}

/**
 * A page's replay position from its URL: `t` in seconds since the recording started,
 * `speed` (0 = paused). A missing or malformed `t` is the start; past the end, the end.
 */
export function parsePageQuery(
  q: Query,
  defaults: { speed: number; durationMs: number },
): ReplayPosition & { hasT: boolean } {
  const raw = q.get('t');
  const seconds = raw === null || raw.trim() === '' ? Number.NaN : Number(raw);
  const hasT = Number.isFinite(seconds);
  return {
    positionMs: hasT ? clampMs(Math.round(seconds * 1000), defaults.durationMs) : 0,
    speed: parseSpeed(q.get('speed'), defaults.speed),
    hasT,
  };
}

/** The page query for a position: whole seconds (a link lands within a second). */
export function pageQuery(p: ReplayPosition): { t: string; speed: string } {
  return { t: String(Math.floor(p.positionMs / 1000)), speed: String(p.speed) };
}

/**
 * The samples stream's query for a tab's replay: position (ms) and speed, and the wall
 * time the position was taken at, so a stream that reconnects resumes where the tab is.
 */
export function streamQuery(p: ReplayPosition, wallMs: number): string {
  return `t=${Math.round(p.positionMs)}&speed=${p.speed}&wall=${Math.round(wallMs)}`;
}

/**
 * The position a samples stream starts at: the query's, moved on by the wall time since
 * the tab took it (server clock; never backwards, and a clock far ahead of the tab's
 * moves it by at most the recording's length).
 */
export function parseStreamQuery(
  q: Query,
  defaults: { speed: number; durationMs: number },
  serverWallMs: number,
): ReplayPosition {
  const t = Number(q.get('t') ?? '0');
  const speed = parseSpeed(q.get('speed'), defaults.speed);
  const wall = Number(q.get('wall') ?? String(serverWallMs));
  const elapsedMs = Number.isFinite(wall) ? Math.max(0, serverWallMs - wall) : 0;
  const positionMs = (Number.isFinite(t) ? t : 0) + elapsedMs * speed;
  return { positionMs: clampMs(Math.round(positionMs), defaults.durationMs), speed };
}

function clampMs(ms: number, durationMs: number): number {
  return Math.min(durationMs, Math.max(0, ms));
}

/** "4:07" or "1:02:07" for a position in ms. */
export function formatPosition(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** What a tab's live engine needs for a replay: its stream (path and query) and its clock. */
export interface ReplayFeed {
  streamUrl: string;
  clock: ReplayClock;
}
