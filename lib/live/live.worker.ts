/**
 * The page's live data path off the main thread (see LiveEngine): under a flood of
 * windows, parsing, validating and merging histograms took most of a second per second
 * on the page's own thread. The page only renders the updates this posts when it asks.
 */
import { LiveEngine, UpdatePump } from './engine';
import type { FromWorker, ToWorker } from './protocol';

const post = (message: FromWorker) => self.postMessage(message);
let engine: LiveEngine | null = null;
let pump: UpdatePump | null = null;

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  if (m.type === 'start') {
    engine = new LiveEngine({
      config: m.config,
      streamUrl: m.streamUrl,
      onChange: () => pump?.poke(),
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
    self.close();
  }
};
