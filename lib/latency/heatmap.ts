// Bins of the latency heatmap: constants and arithmetic only, so the page can label its
// heatmap without loading the histogram library.

/** Upper edges (µs) of the heatmap's latency bins; the last bin takes everything above. */
export const HEATMAP_EDGES_US = [
  1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000,
];

/** Heatmap bin labels, one more than the edges. */
export const HEATMAP_LABELS = [
  '<1 ms',
  '1–2 ms',
  '2–5 ms',
  '5–10 ms',
  '10–20 ms',
  '20–50 ms',
  '50–100 ms',
  '100–200 ms',
  '200–500 ms',
  '0.5–1 s',
  '1–2 s',
  '≥2 s',
];

/** Index of the heatmap bin of a value in µs. */
export function heatmapBin(us: number): number {
  const i = HEATMAP_EDGES_US.findIndex((edge) => us < edge);
  return i === -1 ? HEATMAP_EDGES_US.length : i;
}
