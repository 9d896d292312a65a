import { card } from '@/components/ui';

const bar = 'rounded bg-slate-200 dark:bg-slate-800';

function TableSkeleton({ rows, title }: { rows: number; title: string }) {
  return (
    <section className={card} aria-hidden>
      <div className="flex items-baseline justify-between gap-2">
        <div className={`h-6 ${title} ${bar}`} />
        <div className={`h-3 w-64 ${bar}`} />
      </div>
      <div className="mt-4 space-y-3">
        <div className={`h-3 w-full ${bar} opacity-60`} />
        {Array.from({ length: rows }, (_, i) => (
          <div
            key={i}
            className="flex items-center gap-4 border-t border-slate-200 pt-3 dark:border-slate-800"
          >
            <div className="w-48 space-y-1.5">
              <div className={`h-4 w-32 ${bar}`} />
              <div className={`h-3 w-40 ${bar} opacity-60`} />
            </div>
            <div className={`h-4 w-12 ${bar}`} />
            <div className={`h-5 w-56 ${bar}`} />
            <div className={`ml-auto h-4 w-16 ${bar}`} />
          </div>
        ))}
      </div>
    </section>
  );
}

/** The cluster page's shape while its first answer is on the way: summary, NATS, Kafka, elections. */
export function ClusterSkeleton() {
  return (
    <div className="animate-pulse space-y-6" data-testid="cluster-loading" aria-busy="true">
      <section className={card} aria-hidden>
        <div className="flex items-center justify-between gap-2">
          <div className={`h-6 w-48 ${bar}`} />
          <div className={`h-3 w-40 ${bar}`} />
        </div>
        <div className={`mt-3 h-3 w-2/3 ${bar} opacity-60`} />
        <div className={`mt-2 h-3 w-1/2 ${bar} opacity-60`} />
      </section>
      <TableSkeleton rows={3} title="w-44" />
      <TableSkeleton rows={3} title="w-28" />
      <section className={card} aria-hidden>
        <div className={`h-4 w-36 ${bar}`} />
        <div className={`mt-2 h-3 w-3/4 ${bar} opacity-60`} />
        <div className={`mt-3 h-4 w-56 ${bar}`} />
      </section>
    </div>
  );
}
