import type { ReactNode } from 'react';
import { muted } from '@/components/ui';

export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'lead' | 'plain';

const TONE: Record<Tone, string> = {
  ok: 'bg-emerald-500/15 text-emerald-700 dark:text-emerald-300',
  warn: 'bg-amber-500/15 text-amber-700 dark:text-amber-300',
  bad: 'bg-red-500/15 text-red-700 dark:text-red-300',
  info: 'bg-sky-500/15 text-sky-700 dark:text-sky-300',
  lead: 'bg-violet-500/15 text-violet-700 dark:text-violet-300',
  plain: 'bg-slate-500/10 text-slate-600 dark:text-slate-300',
};

/** A small rounded label; the tone carries the state, the text says it. */
export function Chip({
  tone,
  children,
  title,
}: {
  tone: Tone;
  children: ReactNode;
  title?: string;
}) {
  return (
    <span
      title={title}
      className={`inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium whitespace-nowrap ${TONE[tone]}`}
    >
      {children}
    </span>
  );
}

/** Up / down with a dot, for a node's state column. */
export function UpDown({ up }: { up: boolean }) {
  return (
    <span className="inline-flex items-center gap-1.5 text-sm font-medium">
      <span
        className={`h-2 w-2 rounded-full ${up ? 'bg-emerald-500' : 'bg-red-500'}`}
        aria-hidden
      />
      <span className={up ? '' : 'text-red-600 dark:text-red-400'}>{up ? 'up' : 'down'}</span>
    </span>
  );
}

/**
 * A node's first two cells: its name, where it is, why it is down (if it says), and its
 * up / down state. Shared by the NATS and Kafka tables.
 */
export function NodeCells({
  name,
  where,
  error,
  up,
  nameClass = '',
}: {
  name: ReactNode;
  where: ReactNode;
  error: string | null | undefined;
  up: boolean;
  nameClass?: string;
}) {
  return (
    <>
      <td className="py-2 pr-3">
        <span className={`font-medium ${nameClass}`}>{name}</span>
        <span className={`block text-xs ${muted}`}>{where}</span>
        {error && <span className="block text-xs text-red-600 dark:text-red-400">{error}</span>}
      </td>
      <td className="py-2 pr-3">
        <UpDown up={up} />
      </td>
    </>
  );
}
