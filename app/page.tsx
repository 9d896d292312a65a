import { LiveLatency } from '@/components/latency/live-latency';
import { serverConfig } from '@/lib/config';
import { replayRecordedAt } from '@/lib/ingest';

// Runtime configuration, read per request: nothing about brokers is baked into the build.
export const dynamic = 'force-dynamic';

export default function Page() {
  const config = serverConfig();
  return (
    <main className="mx-auto max-w-7xl space-y-6 px-6 py-8">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold tracking-tight">Cutover</h1>
          <p className="text-slate-400">
            Apache Kafka 3.7 → NATS 2.11 JetStream · 1 KB IoT sensor messages · live end-to-end
            latency
          </p>
        </div>
        <p className="rounded-lg border border-red-500/40 px-3 py-1 text-sm text-red-200">
          SLA: p99 ≤ {config.slaMs} ms
        </p>
      </header>
      <LiveLatency config={config.public} recordedAt={replayRecordedAt()} />
    </main>
  );
}
