import { ParityPanel } from '@/components/parity/parity-panel';

export const dynamic = 'force-dynamic';

export default function ParityPage() {
  return (
    <main className="mx-auto max-w-7xl space-y-6 px-6 py-6">
      <h1 className="text-xl font-semibold">Shadow parity</h1>
      <ParityPanel />
    </main>
  );
}
