import { replayNowMs } from '@/lib/replay';
import { LiveEngine } from './engine';
import { UpdatePump } from './update-pump';
import type { FromWorker, ToWorker } from './protocol';

/**
 * Serves the page's messages (ToWorker) with one LiveEngine and answers through post: the
 * body of the live worker, and of the in-page fallback where no worker can start.
 */
export function serveLive(post: (message: FromWorker) => void): (message: ToWorker) => void {
  let engine: LiveEngine | null = null;
  let pump: UpdatePump | null = null;
  return (m) => {
    if (m.type === 'start') {
      const clock = m.clock;
      engine = new LiveEngine({
        config: m.config,
        streamUrl: m.streamUrl,
        onChange: () => pump?.poke(),
        ...(clock && { now: () => replayNowMs(clock, Date.now()), clockRate: clock.speed }),
      });
      pump = new UpdatePump(engine, (update) => post({ type: 'update', update }));
      engine.start();
    } else if (m.type === 'pull') pump?.pull();
    else if (m.type === 'query') engine?.setQuery(m.query);
    else if (m.type === 'export' && engine)
      post({ type: 'export', id: m.id, file: engine.exportEvidence(m.source, m.format) });
    else if (m.type === 'stop') {
      pump?.stop();
      engine?.stop();
    }
  };
}
