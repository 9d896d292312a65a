'use client';

import type { ViewParams } from '@/hooks/use-view-params';
import { VIEW_WINDOWS_MS, type ViewWindow } from '@/lib/latency';

interface Props {
  view: ViewParams;
  onChange(change: Partial<ViewParams>): void;
  /** Offer pause (the latency page) or not (the overview). */
  pausable?: boolean;
  /** Probe ids to filter by. */
  probes?: string[];
}

const btn =
  'rounded-md px-3 py-1.5 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-cyan-400 border border-slate-300 dark:border-slate-600';

/** Window selector, pause and TV mode; keyboard-reachable buttons, state in the URL. */
export function ViewControls({ view, onChange, pausable = false, probes = [] }: Props) {
  return (
    <div
      className="chrome flex flex-wrap items-center gap-2"
      role="toolbar"
      aria-label="view controls"
    >
      <div role="radiogroup" aria-label="time window" className="flex gap-1">
        {(Object.keys(VIEW_WINDOWS_MS) as ViewWindow[]).map((w) => (
          <button
            key={w}
            type="button"
            role="radio"
            aria-checked={view.window === w}
            data-testid={`window-${w}`}
            className={`${btn} ${view.window === w ? 'bg-cyan-600 text-white dark:bg-cyan-500 dark:text-slate-950' : 'hover:bg-slate-200 dark:hover:bg-slate-800'}`}
            onClick={() => onChange({ window: w })}
          >
            {w}
          </button>
        ))}
      </div>
      <label className="flex items-center gap-1 text-sm">
        <span className="sr-only sm:not-sr-only">probe</span>
        <select
          data-testid="probe-filter"
          value={view.probe ?? ''}
          onChange={(e) => onChange({ probe: e.target.value || null })}
          className={`${btn} bg-transparent`}
        >
          <option value="">all probes</option>
          {[...new Set([...probes, ...(view.probe ? [view.probe] : [])])].map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      {pausable && (
        <button
          type="button"
          data-testid="pause"
          aria-pressed={view.paused}
          className={`${btn} hover:bg-slate-200 dark:hover:bg-slate-800`}
          onClick={() => onChange({ paused: !view.paused })}
        >
          {view.paused ? 'Resume' : 'Pause'}
        </button>
      )}
      <button
        type="button"
        data-testid="tv"
        className={`${btn} hover:bg-slate-200 dark:hover:bg-slate-800`}
        onClick={() => onChange({ tv: !view.tv })}
      >
        TV mode
      </button>
    </div>
  );
}
