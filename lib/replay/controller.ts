import { setClusterSource } from '@/lib/cluster';
import { setMigrationSource } from '@/lib/migration';
import {
  MAX_SPEED,
  MIN_SPEED,
  pageQuery,
  parsePageQuery,
  positionAt,
  streamQuery,
  type ReplayClock,
  type ReplayFeed,
} from './clock';
import type { ReplayInfo } from './types';

/** What a tab's replay controls show and its engine runs on. */
export interface ReplayState {
  info: ReplayInfo;
  /** Changes only with a seek, a pause, a speed change or a loop: each is a new stream. */
  clock: ReplayClock;
  feed: ReplayFeed;
  /** The speed play resumes at (the clock's while playing). */
  resumeSpeed: number;
}

/** Where in the URL the position lives, and how often it is written while playing (ms). */
const URL_EVERY_MS = 1000;
/** A URL position this far from the tab's (ms) is a new place to go (back / forward). */
const URL_SEEK_MS = 2000;
/** The live board's poll period (ms of recording). */
const BOARD_EVERY_MS = 2000;

/**
 * One tab's replay: the position lives in the page's URL (`?t=<seconds>&speed=<n>`,
 * speed 0 = paused), so a link lands on the same moment. Seeking, pausing and changing
 * speed are per tab: each makes a new clock and a new stream from the server, which
 * plays the recording from there (the server's state is one session per open stream).
 * Framework-free; hooks/use-replay.ts adapts it to React.
 */
export class ReplayController {
  private state: ReplayState;
  private readonly listeners = new Set<() => void>();
  private attached = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    info: ReplayInfo,
    search: string,
    private readonly now: () => number = Date.now,
  ) {
    const at = parsePageQuery(new URLSearchParams(search), {
      speed: info.defaultSpeed,
      durationMs: info.durationMs,
    });
    const resumeSpeed = at.speed > 0 ? at.speed : info.defaultSpeed || 1;
    this.state = this.make(info, at.positionMs, at.speed, resumeSpeed);
  }

  get snapshot(): ReplayState {
    return this.state;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Where the replay stands now (ms since the recording started). */
  position(): number {
    return positionAt(this.state.clock, this.now());
  }

  seek(positionMs: number): void {
    const { info, clock, resumeSpeed } = this.state;
    const to = Math.min(info.durationMs, Math.max(0, Math.round(positionMs)));
    this.set(this.make(info, to, clock.speed, resumeSpeed));
  }

  pause(): void {
    if (this.state.clock.speed === 0) return;
    this.set(this.make(this.state.info, this.position(), 0, this.state.clock.speed));
  }

  play(): void {
    const { info, clock, resumeSpeed } = this.state;
    if (clock.speed > 0) return;
    // Played to the end: play again from the start.
    const from = this.position() >= info.durationMs ? 0 : this.position();
    this.set(this.make(info, from, resumeSpeed, resumeSpeed));
  }

  setSpeed(speed: number): void {
    if (!(speed >= MIN_SPEED && speed <= MAX_SPEED)) return;
    const { info, clock } = this.state;
    if (clock.speed === speed) return;
    // Paused, a speed is the one play resumes at.
    if (clock.speed === 0) this.set({ ...this.state, resumeSpeed: speed });
    else this.set(this.make(info, this.position(), speed, speed));
  }

  /**
   * Starts keeping the URL and the clock in step (the first of any number of callers):
   * the position written every second while playing, a loop back to the start at the
   * end, and back / forward moving the replay to the URL's position. Returns detach.
   */
  attach(): () => void {
    this.attached += 1;
    if (this.attached === 1) {
      window.addEventListener('popstate', this.onPopState);
      this.timer = setInterval(() => this.onTick(), URL_EVERY_MS);
      this.writeUrl();
      this.pointBoard();
    }
    return () => {
      this.attached -= 1;
      if (this.attached > 0) return;
      window.removeEventListener('popstate', this.onPopState);
      clearInterval(this.timer);
      setMigrationSource(null);
      setClusterSource(null);
    };
  }

  /**
   * The board, phases, gate and clusters read the recording at this tab's position (asked
   * again at once after each change), as often as the replay moves 2 s of recording, 4
   * times a second at most.
   */
  private pointBoard(): void {
    const periodMs = () => {
      const speed = this.state.clock.speed;
      return speed > 0 ? Math.max(250, BOARD_EVERY_MS / speed) : BOARD_EVERY_MS;
    };
    setMigrationSource({
      url: () => `/api/replay/migration?positionMs=${Math.round(this.position())}`,
      periodMs,
    });
    setClusterSource({
      url: () => `/api/cluster?positionMs=${Math.round(this.position())}`,
      periodMs,
    });
  }

  /** Puts the position in the page's URL, keeping its other parameters (after a navigation too). */
  writeUrl(): void {
    const url = new URL(window.location.href);
    const { t, speed } = pageQuery({ positionMs: this.position(), speed: this.state.clock.speed });
    if (url.searchParams.get('t') === t && url.searchParams.get('speed') === speed) return;
    // Written beside Next's router, not through it: a replaceState it has not marked as
    // its own (__NA) makes it restore its state from the URL, which cancels a navigation
    // in flight (a click on a page link while the position ticks). Its own entry state,
    // written back as it is, changes the address only.
    const entry: unknown = window.history.state;
    if (!(typeof entry === 'object' && entry !== null && '__NA' in entry)) return;
    url.searchParams.set('t', t);
    url.searchParams.set('speed', speed);
    window.history.replaceState(entry, '', url);
  }

  private onTick(): void {
    const { clock, info } = this.state;
    if (clock.speed > 0 && this.position() >= info.durationMs) this.seek(0);
    this.writeUrl();
  }

  private onPopState = (): void => {
    const { info, clock } = this.state;
    const at = parsePageQuery(new URLSearchParams(window.location.search), {
      speed: clock.speed,
      durationMs: info.durationMs,
    });
    if (!at.hasT) return this.writeUrl();
    if (Math.abs(at.positionMs - this.position()) < URL_SEEK_MS && at.speed === clock.speed) return;
    const resume = at.speed > 0 ? at.speed : this.state.resumeSpeed;
    this.set(this.make(info, at.positionMs, at.speed, resume));
  };

  private make(
    info: ReplayInfo,
    positionMs: number,
    speed: number,
    resumeSpeed: number,
  ): ReplayState {
    const wallMs = this.now();
    // Whole ms: the stream's query carries them, and the tab and the server must agree.
    const clock: ReplayClock = {
      startMs: info.startMs,
      durationMs: info.durationMs,
      positionMs: Math.round(positionMs),
      wallMs,
      speed,
    };
    const feed = {
      streamUrl: `/api/stream?${streamQuery({ positionMs: clock.positionMs, speed }, wallMs)}`,
      clock,
    };
    return { info, clock, feed, resumeSpeed };
  }

  private set(next: ReplayState): void {
    this.state = next;
    if (this.attached > 0) {
      this.writeUrl();
      this.pointBoard();
    }
    for (const l of this.listeners) l();
  }
}

/** The tab's one replay in a browser. */
let tabReplay: ReplayController | null = null;

/**
 * The tab's replay of `info`, made from the page's query (`search`) the first time it is
 * asked for. On the server, where one module serves every request, a new one each time.
 */
export function replayController(info: ReplayInfo, search: string): ReplayController {
  if (typeof window === 'undefined') return new ReplayController(info, search);
  if (tabReplay?.snapshot.info.recordedAt !== info.recordedAt)
    tabReplay = new ReplayController(info, search);
  return tabReplay;
}
