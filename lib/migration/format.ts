const utcFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  dateStyle: 'short',
  timeStyle: 'medium',
});

/**
 * A phase change's time for people in several time zones: "26/11/2026, 15:59:23", in
 * UTC (callers say so beside it).
 */
export function formatUtc(ms: number): string {
  return utcFormat.format(ms);
}
