// Fixed colours for the two brokers of the case study; any other system under test
// takes the next colour of the palette, in name order.
const KNOWN: Record<string, string> = { kafka: '#f59e0b', nats: '#22d3ee' };
const PALETTE = ['#a78bfa', '#f472b6', '#4ade80', '#60a5fa', '#fb7185'];

export function backendColor(backend: string, index: number): string {
  return KNOWN[backend] ?? PALETTE[index % PALETTE.length] ?? '#e5e7eb';
}
