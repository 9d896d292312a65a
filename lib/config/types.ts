/** Everything the server process needs; never sent to the browser as a whole. */
export interface ServerConfig {
  /** live: read the brokers; replay: play a recording through the same ingest path. */
  source: SourceConfig;
  /** Bearer token required by /api/metrics, if set. */
  metricsToken: string | null;
  /**
   * Proxies in front of the server that each append the address they saw to
   * x-forwarded-for; 0 when browsers connect directly. Decides which entry is the client.
   */
  trustedProxies: number;
  /** How much of the recent past (ms) a new page is rendered with and sent first; 0: none. */
  recentMs: number;
  /** The NATS seed list: every connect() gets all of it, so any one node may be down. */
  natsServers: string[];
  /** natsServers joined with commas: for messages and logs only, never to connect. */
  natsUrl: string;
  /** Each NATS node's monitoring endpoint (/varz, /jsz, /healthz), in node order. */
  natsMonitorUrls: string[];
  natsUser: string;
  natsPass: string;
  kafkaBrokers: string[];
  /** Replicas of what Cutover creates: JetStream streams and KV buckets, Kafka topics. */
  replicas: number;
  /** min.insync.replicas of the Kafka topics Cutover creates. */
  kafkaMinIsr: number;
  samplesTopic: string;
  parityTopic: string;
  slaMs: number;
  /** Windows ending more than this (ms) after this server's clock are refused as clock_skew. */
  skewToleranceMs: number;
  /** The part of the config that may reach the browser. */
  public: PublicConfig;
}

/**
 * The only configuration the browser ever sees: where the NATS WebSocket is, the
 * read-only credentials of the browser's NATS user, and display settings.
 */
export type SourceConfig = { type: 'live' } | { type: 'replay'; file: string; speed: number };

export interface PublicConfig {
  /** Where the page's data comes from; a replay is labelled on every page. */
  source: { type: 'live' } | { type: 'replay'; speed: number };
  /** The NATS WebSocket seed list; the browser's client gets all of it. */
  natsWsUrls: string[];
  /** natsWsUrls joined with commas: for display only. */
  natsWsUrl: string;
  natsBrowserUser: string;
  natsBrowserPass: string;
  slaMs: number;
  /** Windows ending more than this (ms) after the page's clock are refused as clock_skew. */
  skewToleranceMs: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly issues: string[]) {
    super(`Invalid Cutover configuration:\n  - ${issues.join('\n  - ')}`);
  }
}
