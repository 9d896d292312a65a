'use client';

import Link from 'next/link';
import { card, muted } from '@/components/ui';
import { useGate } from '@/hooks/use-gate';
import type { GateConfig } from '@/lib/config';
import type { CheckState } from '@/lib/migration';

const MARK: Record<CheckState, { icon: string; className: string; text: string }> = {
  pass: { icon: '✓', className: 'text-emerald-600 dark:text-emerald-400', text: 'pass' },
  fail: { icon: '✗', className: 'text-red-600 dark:text-red-400', text: 'fail' },
  unknown: { icon: '?', className: 'text-amber-600 dark:text-amber-400', text: 'no evidence' },
};

/** Cutover readiness: GO only when every check passes on live evidence. */
export function GateCard({ gate }: { gate: GateConfig }) {
  const verdict = useGate(gate);
  const failing = verdict.checks.filter((c) => c.state !== 'pass').length;
  return (
    <section className={card} aria-label="cutover readiness" data-testid="gate">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">Cutover readiness</h2>
        <span
          data-testid="gate-verdict"
          data-go={verdict.go}
          className={`rounded-full px-4 py-1 text-sm font-bold tracking-wide ${
            verdict.go
              ? 'bg-emerald-500/15 text-emerald-700 dark:text-emerald-300'
              : 'bg-red-500/15 text-red-700 dark:text-red-300'
          }`}
        >
          {verdict.go ? 'GO' : 'NO-GO'}
        </span>
      </header>
      <p className={`mt-1 text-xs ${muted}`}>
        {verdict.go
          ? 'Every check passes on live data.'
          : `${failing} of ${verdict.checks.length} checks not passing. Missing evidence never counts as a pass.`}
      </p>
      <ul className="mt-3 space-y-2">
        {verdict.checks.map((c) => (
          <li
            key={c.id}
            className="flex gap-3 text-sm"
            data-testid={`gate-${c.id}`}
            data-state={c.state}
          >
            <span
              className={`w-4 shrink-0 text-center font-bold ${MARK[c.state].className}`}
              aria-label={MARK[c.state].text}
            >
              {MARK[c.state].icon}
            </span>
            <span className="min-w-0">
              <Link href={c.href} prefetch={false} className="font-medium hover:underline">
                {c.title}
              </Link>
              <span className={`block break-words text-xs ${muted}`}>{c.evidence}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
