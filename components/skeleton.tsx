import type { ReactNode } from 'react';
import { card } from '@/components/ui';

// Building blocks of the pages' loading skeletons: grey bars in the shape of what comes.

const bar = 'rounded bg-slate-200 dark:bg-slate-800';

/** One grey bar; `className` gives its size. */
export function Bar({ className }: { className: string }) {
  return <div className={`${bar} ${className}`} />;
}

/** A page (or part of one) while it loads: pulsing, announced once, hidden from the tree. */
export function Skeleton({
  label,
  testId,
  children,
}: {
  /** What is loading, for screen readers ("Loading the latency page"). */
  label: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <div className="animate-pulse space-y-6" role="status" aria-busy="true" data-testid={testId}>
      <span className="sr-only">{label}</span>
      <div className="space-y-6" aria-hidden>
        {children}
      </div>
    </div>
  );
}

/** A card with a title and `lines` lines of text. */
export function CardSkeleton({ lines = 2, title = 'w-40' }: { lines?: number; title?: string }) {
  return (
    <section className={card}>
      <Bar className={`h-5 ${title}`} />
      {Array.from({ length: lines }, (_, i) => (
        <Bar key={i} className={`mt-3 h-3 ${i % 2 ? 'w-1/2' : 'w-3/4'} opacity-60`} />
      ))}
    </section>
  );
}

/** A card holding a chart of the given height class. */
export function ChartSkeleton({ height = 'h-64' }: { height?: string }) {
  return (
    <section className={card}>
      <Bar className="h-4 w-64" />
      <Bar className={`mt-3 w-full ${height} opacity-40`} />
    </section>
  );
}

/** A card holding a table: a header row and `rows` rows of `columns` cells. */
export function TableSkeleton({ rows, columns }: { rows: number; columns: number }) {
  const cells = (key: string, opacity: string) => (
    <div key={key} className="flex gap-4">
      <Bar className={`h-4 w-32 ${opacity}`} />
      {Array.from({ length: columns - 1 }, (_, c) => (
        <Bar key={c} className={`ml-auto h-4 w-16 ${opacity}`} />
      ))}
    </div>
  );
  return (
    <section className={`${card} space-y-3`}>
      {cells('head', 'opacity-60')}
      {Array.from({ length: rows }, (_, r) => cells(String(r), ''))}
    </section>
  );
}

/** The view controls' place (window buttons, probe filter) beside a line of text. */
export function ControlsSkeleton() {
  return (
    <div className="flex flex-wrap items-center justify-between gap-4">
      <Bar className="h-6 w-96 max-w-full" />
      <Bar className="h-8 w-72" />
    </div>
  );
}

/** The transport strip's place: NATS and Kafka. */
export function TransportStripSkeleton() {
  return (
    <div className="flex flex-wrap gap-3">
      <Bar className="h-9 w-64" />
      <Bar className="h-9 w-64" />
    </div>
  );
}
