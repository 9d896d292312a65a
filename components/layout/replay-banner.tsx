import { ReplayControls } from '@/components/replay/replay-controls';
import type { ReplayInfo } from '@/lib/replay';

/**
 * On every page while the data is a replay: nobody should mistake a recording for the
 * live system. Its controls move this tab's position (kept in the URL).
 */
export function ReplayBanner({ info }: { info: ReplayInfo }) {
  const when = info.recordedAt.slice(0, 16).replace('T', ' ');
  return (
    <section
      aria-label="replay"
      data-testid="replay-banner"
      className="space-y-1.5 bg-amber-400 px-6 py-2 text-sm text-slate-950"
    >
      <p className="text-center font-semibold" title={info.note ?? undefined}>
        REPLAY — not live data. A recording of a real probe run made on {when} UTC
        {info.board ? '' : ' (latency and parity only)'}. Run <code>npm run stack</code> for the
        live system.
      </p>
      <ReplayControls info={info} />
    </section>
  );
}
