import Link from 'next/link';
import { ThemeToggle } from '@/components/controls/theme-toggle';

interface Props {
  slaMs: number;
  theme: 'light' | 'dark';
}

/** Title, navigation and the SLA; hidden in TV mode (the .chrome class). */
export function SiteHeader({ slaMs, theme }: Props) {
  const link =
    'rounded-md px-3 py-1.5 text-sm font-medium hover:bg-slate-200 dark:hover:bg-slate-800';
  return (
    <header className="chrome mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-4 px-6 pt-6">
      <div>
        <p className="text-2xl font-bold tracking-tight">Cutover</p>
        <p className="text-sm text-slate-500 dark:text-slate-400">
          Apache Kafka 3.7 → NATS 2.11 JetStream · 1 KB IoT sensor messages
        </p>
      </div>
      {/* Prefetch on hover, not on load: five pages rendered at once competed with the live
          feeds for the first second of a wall dashboard that rarely changes page. */}
      <nav aria-label="pages" className="flex items-center gap-1">
        <Link className={link} prefetch={false} href="/">
          Overview
        </Link>
        <Link className={link} prefetch={false} href="/latency">
          Latency
        </Link>
        <Link className={link} prefetch={false} href="/parity">
          Parity
        </Link>
        <Link className={link} prefetch={false} href="/groups">
          Groups
        </Link>
        <Link className={link} prefetch={false} href="/cluster">
          Cluster
        </Link>
        <Link className={link} prefetch={false} href="/cost">
          Cost
        </Link>
        <span className="ml-2 rounded-lg border border-red-500/40 px-3 py-1 text-sm text-red-700 dark:text-red-200">
          SLA: p99 ≤ {slaMs} ms
        </span>
        <span className="ml-2">
          <ThemeToggle initial={theme} />
        </span>
      </nav>
    </header>
  );
}
