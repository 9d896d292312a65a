import { Bar, CardSkeleton, ChartSkeleton, Skeleton, TableSkeleton } from '@/components/skeleton';
import { card } from '@/components/ui';

/** Each backend's priced rate, then the scenarios. */
function Derived() {
  return (
    <>
      <section className={card}>
        <Bar className="h-6 w-72" />
        <div className="mt-4 grid gap-4 md:grid-cols-2">
          <Bar className="h-40" />
          <Bar className="h-40" />
        </div>
      </section>
      <ChartSkeleton height="h-72" />
    </>
  );
}

/** The derived half of the cost page while it loads. */
export function CostPanelSkeleton() {
  return (
    <Skeleton label="Loading the derived costs" testId="cost-loading">
      <Derived />
    </Skeleton>
  );
}

/** The whole cost page while it loads: reported table, derived costs, the model's assumptions. */
export function CostSkeleton() {
  return (
    <Skeleton label="Loading the cost page" testId="cost-loading">
      <TableSkeleton rows={3} columns={4} />
      <Derived />
      <CardSkeleton lines={4} title="w-56" />
    </Skeleton>
  );
}
