interface Props {
  recordedAt: string;
  speed: number;
}

/** On every page while the data is a replay: nobody should mistake a recording for the live system. */
export function ReplayBanner({ recordedAt, speed }: Props) {
  const when = new Date(recordedAt).toISOString().slice(0, 16).replace('T', ' ');
  return (
    <div
      role="status"
      data-testid="replay-banner"
      className="bg-amber-400 px-6 py-2 text-center text-sm font-semibold text-slate-950"
    >
      REPLAY — not live data. A recording of a real probe run made on {when} UTC, played at {speed}
      ×. Run <code>npm run stack</code> for the live system.
    </div>
  );
}
