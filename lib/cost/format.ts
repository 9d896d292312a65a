const whole = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});
const cents = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const fine = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumSignificantDigits: 2,
  maximumSignificantDigits: 2,
});

/** Whole dollars with separators: "$14,200"; "—" for null. */
export function formatUsd(usd: number | null): string {
  return usd === null || !Number.isFinite(usd) ? '—' : whole.format(usd);
}

/** A price per million messages: cents above $0.10 ("$0.54"), two significant digits below ("$0.027"). */
export function formatUsdPerMillion(usd: number | null): string {
  if (usd === null || !Number.isFinite(usd)) return '—';
  return Math.abs(usd) >= 0.1 ? cents.format(usd) : fine.format(usd);
}

/** A saving share, rounded as the case study rounds it: 21.8 → "22%". */
export function formatPercent(percent: number): string {
  return `${Math.round(percent)}%`;
}
