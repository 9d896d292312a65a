/**
 * The page's live data path off the main thread (see LiveEngine): under a flood of
 * windows, parsing, validating and merging histograms can take most of a second per
 * second. The page only renders the updates this posts when it asks.
 */
import { serveLive } from './host';
import type { ToWorker } from './protocol';

const serve = serveLive((message) => self.postMessage(message));

self.onmessage = (e: MessageEvent<ToWorker>) => {
  serve(e.data);
  if (e.data.type === 'stop') self.close();
};
