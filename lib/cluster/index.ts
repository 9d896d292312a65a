// The pure half of the cluster domain (types, health, elections), safe for the browser.
// The broker-facing half (polling, advisories, the monitor) is in ./server.
export { clusterHealth, inSync } from './health';
export { ElectionLog, electionLabel } from './elections';
export { natsView } from './nats-view';
export { MonitorResponseInvalid, parseJsz, parseVarz, type Jsz, type Varz } from './nats-parse';
export { parseLeaderElected } from './advisories';
export type * from './types';
export {
  latestCluster,
  setClusterSource,
  subscribeCluster,
  type ClusterFeedState,
  type ClusterSource,
} from './browser-feed';
