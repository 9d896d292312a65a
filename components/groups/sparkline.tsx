/**
 * A 90-point trend as an inline SVG polyline. Hand-written: 28 recharts charts in one
 * table cost more than the board itself, and a sparkline needs no axes or tooltips.
 * Unknown points (null) break the line.
 */
export function Sparkline({
  values,
  label,
  limit,
}: {
  values: readonly (number | null)[];
  label: string;
  /** Threshold drawn as a dashed line when it is within the plotted range. */
  limit?: number;
}) {
  const w = 96;
  const h = 24;
  const known = values.filter((v): v is number => v !== null);
  if (known.length < 2) return <span className="inline-block w-24" aria-hidden />;
  const max = Math.max(1, ...known);
  const x = (i: number) => (values.length > 1 ? (i * w) / (values.length - 1) : 0);
  const y = (v: number) => h - 1 - (v / max) * (h - 2);
  const runs: string[] = [];
  let run: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (run.length) runs.push(run.join(' '));
      run = [];
    } else run.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  });
  if (run.length) runs.push(run.join(' '));
  return (
    <svg width={w} height={h} role="img" aria-label={label} className="inline-block align-middle">
      {limit !== undefined && limit <= max && (
        <line x1={0} x2={w} y1={y(limit)} y2={y(limit)} stroke="#ef4444" strokeDasharray="2 2" />
      )}
      {runs.map((pts) => (
        <polyline key={pts} points={pts} fill="none" stroke="currentColor" strokeWidth={1.5} />
      ))}
    </svg>
  );
}
