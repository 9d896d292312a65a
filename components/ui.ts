/** Shared class lists, so light and dark themes stay consistent across widgets. */
export const card =
  'rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-700 dark:bg-slate-900/60 dark:shadow-none';
export const muted = 'text-slate-500 dark:text-slate-400';
export const label = 'text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400';
