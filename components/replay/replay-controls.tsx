'use client';

import { useEffect, useState, type KeyboardEvent } from 'react';
import { useReplay } from '@/hooks/use-replay';
import {
  formatPosition,
  positionAt,
  REPLAY_SPEEDS,
  type ReplayInfo,
  type ReplayMarker,
} from '@/lib/replay';

const MARK_STYLE: Record<ReplayMarker['kind'], string> = {
  phase: 'bg-sky-700',
  fault: 'bg-red-700',
  cluster: 'bg-violet-700',
  gate: 'bg-emerald-700',
};

/** How often (ms) the position shown moves while playing. */
const TICK_MS = 250;

const utcTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  timeStyle: 'medium',
});

/**
 * Play / pause, 1× / 4× / 16× and a timeline of the recording with its phase changes,
 * faults, cluster events and gate flips marked; a click on the timeline or a mark seeks.
 * The position is this tab's and lives in the URL (`?t=<seconds>&speed=<n>`).
 */
export function ReplayControls({ info }: { info: ReplayInfo }) {
  const replay = useReplay(info);
  const [, setTick] = useState(0);
  const [dragMs, setDragMs] = useState<number | null>(null);
  const speed = replay?.state.clock.speed ?? info.defaultSpeed;
  useEffect(() => {
    if (speed === 0) return;
    const timer = setInterval(() => setTick((n) => n + 1), TICK_MS);
    return () => clearInterval(timer);
  }, [speed]);
  if (!replay) return null;
  const { state, controller } = replay;
  // eslint-disable-next-line react-hooks/purity -- the position moves with the wall clock; TICK_MS re-renders it
  const positionMs = dragMs ?? positionAt(state.clock, Date.now());
  const paused = speed === 0;
  const fraction = info.durationMs > 0 ? positionMs / info.durationMs : 0;
  const commit = () => {
    if (dragMs === null) return;
    controller.seek(dragMs);
    setDragMs(null);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (
      e.key.startsWith('Arrow') ||
      e.key === 'Home' ||
      e.key === 'End' ||
      e.key.startsWith('Page')
    )
      commit();
  };
  const button =
    'rounded px-2 py-0.5 text-xs font-semibold hover:bg-slate-950/20 focus-visible:outline focus-visible:outline-2 focus-visible:outline-slate-950';

  return (
    <div className="flex flex-wrap items-center gap-3" data-testid="replay-controls">
      <button
        type="button"
        className={`${button} min-w-16 bg-slate-950 text-amber-300 hover:bg-slate-800`}
        data-testid="replay-toggle"
        aria-pressed={paused}
        onClick={() => (paused ? controller.play() : controller.pause())}
      >
        {paused ? '▶ Play' : '❚❚ Pause'}
      </button>
      <span className="flex items-center gap-1" role="group" aria-label="replay speed">
        {REPLAY_SPEEDS.map((s) => {
          const current = (paused ? state.resumeSpeed : speed) === s;
          return (
            <button
              key={s}
              type="button"
              className={`${button} ${current ? 'bg-slate-950/80 text-amber-200' : 'bg-slate-950/10'}`}
              data-testid={`replay-speed-${s}`}
              aria-pressed={current}
              onClick={() => controller.setSpeed(s)}
            >
              {s}×
            </button>
          );
        })}
      </span>
      <div className="relative h-6 min-w-64 flex-1">
        <div className="absolute inset-x-0 top-1/2 h-1.5 -translate-y-1/2 rounded bg-slate-950/20">
          <div
            className="h-full rounded bg-slate-950/70"
            style={{ width: `${Math.min(100, fraction * 100)}%` }}
          />
        </div>
        <input
          type="range"
          aria-label="replay position"
          data-testid="replay-timeline"
          data-position-ms={Math.round(positionMs)}
          className="absolute inset-0 h-full w-full cursor-pointer opacity-0"
          min={0}
          max={info.durationMs}
          step={1000}
          value={Math.round(positionMs)}
          onChange={(e) => setDragMs(Number(e.target.value))}
          onPointerUp={commit}
          onKeyUp={onKey}
          onBlur={commit}
        />
        {info.markers.map((m, i) => (
          <button
            key={`${m.kind}-${m.positionMs}-${i}`}
            type="button"
            title={`${formatPosition(m.positionMs)} ${m.label} — ${m.detail}`}
            aria-label={`seek to ${m.kind} ${m.label} at ${formatPosition(m.positionMs)}`}
            data-testid="replay-marker"
            data-kind={m.kind}
            data-position-ms={m.positionMs}
            onClick={() => controller.seek(m.positionMs)}
            className={`absolute top-0 h-6 w-1.5 -translate-x-1/2 rounded-sm ${MARK_STYLE[m.kind]} hover:scale-x-150`}
            style={{ left: `${(m.positionMs / Math.max(1, info.durationMs)) * 100}%` }}
          />
        ))}
      </div>
      <span
        className="font-mono text-xs tabular-nums"
        data-testid="replay-position"
        data-position-ms={Math.round(positionMs)}
        data-speed={speed}
      >
        {formatPosition(positionMs)} / {formatPosition(info.durationMs)} ·{' '}
        {utcTime.format(info.startMs + positionMs)} UTC
        {paused ? ' · paused' : REPLAY_SPEEDS.includes(speed as 1) ? '' : ` · ${speed}×`}
      </span>
    </div>
  );
}
