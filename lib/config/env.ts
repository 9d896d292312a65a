import { z } from 'zod';
import { DEFAULT_PARITY_TOPIC } from '@/lib/parity';
import { DEFAULT_SAMPLES_TOPIC } from '@/lib/samples';
import { ConfigError, type ServerConfig } from './types';

const kafkaTopic = z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, 'must be a valid Kafka topic name');

const port = z.coerce.number().int().min(1).max(65535);
/** A comma list of URLs (a seed list), each trimmed and checked by `url`. */
const urlList = (url: z.ZodType<string, string>) =>
  z
    .string()
    .min(1)
    .transform((s) => s.split(',').map((u) => u.trim()))
    .pipe(z.array(url).min(1));
const wsUrl = z
  .string()
  .url()
  .refine(
    (u) => u.startsWith('ws://') || u.startsWith('wss://'),
    'must start with ws:// or wss://',
  );
const natsUrl = z
  .string()
  .url()
  .refine(
    (u) => u.startsWith('nats://') || u.startsWith('tls://'),
    'must start with nats:// or tls://',
  );
const httpUrl = z
  .string()
  .url()
  .refine(
    (u) => u.startsWith('http://') || u.startsWith('https://'),
    'must start with http:// or https://',
  );
const brokerList = z
  .string()
  .min(1)
  .transform((s) => s.split(',').map((b) => b.trim()))
  .refine(
    (bs) => bs.every((b) => /^[\w.-]+:\d{1,5}$/.test(b)),
    'must be a comma list of host:port',
  );

// Ports mirror scripts/lib.sh so one variable moves both the stack and the app.
const envSchema = z.object({
  CUTOVER_NATS_PORT: port.default(4222),
  CUTOVER_NATS_WS_PORT: port.default(4223),
  CUTOVER_KAFKA_PORT: port.default(9092),
  CUTOVER_NATS_MONITOR_PORT: port.default(8222),
  CUTOVER_NATS_URL: urlList(natsUrl).optional(),
  CUTOVER_NATS_MONITOR_URLS: urlList(httpUrl).optional(),
  CUTOVER_NATS_USER: z.string().min(1).default('cutover-probe'),
  CUTOVER_NATS_PASS: z.string().min(1).default('cutover-probe-dev'),
  CUTOVER_NATS_WS_URL: urlList(wsUrl).optional(),
  CUTOVER_NATS_BROWSER_USER: z.string().min(1).default('cutover-browser'),
  CUTOVER_NATS_BROWSER_PASS: z.string().min(1).default('cutover-browser-readonly'),
  CUTOVER_KAFKA_BROKERS: brokerList.optional(),
  CUTOVER_REPLICAS: z.coerce
    .number()
    .int('must be a whole number of replicas')
    .min(1)
    .max(5)
    .default(1),
  CUTOVER_KAFKA_MIN_ISR: z.coerce
    .number()
    .int('must be a whole number of replicas')
    .min(1)
    .max(5)
    .default(1),
  CUTOVER_SAMPLES_TOPIC: kafkaTopic.default(DEFAULT_SAMPLES_TOPIC),
  CUTOVER_PARITY_TOPIC: kafkaTopic.default(DEFAULT_PARITY_TOPIC),
  CUTOVER_SLA_MS: z.coerce.number().positive().max(3_600_000).default(120),
  CUTOVER_SOURCE: z.enum(['live', 'replay']).optional(),
  CUTOVER_REPLAY_FILE: z.string().min(1).default('data/recordings/demo.ndjson.gz'),
  CUTOVER_REPLAY_SPEED: z.coerce.number().min(0.1).max(100).default(1),
  CUTOVER_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  CUTOVER_TRUSTED_PROXIES: z.coerce
    .number()
    .int('must be a whole number of proxies')
    .min(0)
    .max(16)
    .default(0),
  CUTOVER_RECENT_SECONDS: z.coerce
    .number()
    .int('must be a whole number of seconds')
    .min(0)
    .max(600)
    .default(60),
  CUTOVER_CLOCK_SKEW_SECONDS: z.coerce
    .number()
    .int('must be a whole number of seconds')
    .min(1)
    .max(3600)
    .default(30),
});

/**
 * Reads and validates Cutover's configuration from environment variables.
 * Throws ConfigError naming every bad variable and what is wrong with it.
 */
export function parseConfig(env: Record<string, string | undefined>): ServerConfig {
  // Empty strings mean "unset" so that `VAR= npm run …` falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map(
        (i) =>
          `${i.path.join('.')}: ${i.message} (got ${JSON.stringify(cleaned[String(i.path[0])])})`,
      ),
    );
  }
  const e = result.data;
  if (e.CUTOVER_KAFKA_MIN_ISR > e.CUTOVER_REPLICAS)
    throw new ConfigError([
      `CUTOVER_KAFKA_MIN_ISR: must not exceed CUTOVER_REPLICAS (${e.CUTOVER_REPLICAS}): no write could ever be acknowledged (got ${JSON.stringify(cleaned.CUTOVER_KAFKA_MIN_ISR)})`,
    ]);
  const slaMs = e.CUTOVER_SLA_MS;
  // With no broker configured at all, the app plays the shipped recording: it runs anywhere.
  const configured = e.CUTOVER_NATS_URL !== undefined || e.CUTOVER_KAFKA_BROKERS !== undefined;
  const sourceType = e.CUTOVER_SOURCE ?? (configured ? 'live' : 'replay');
  const source: ServerConfig['source'] =
    sourceType === 'live'
      ? { type: 'live' }
      : { type: 'replay', file: e.CUTOVER_REPLAY_FILE, speed: e.CUTOVER_REPLAY_SPEED };
  const natsServers = e.CUTOVER_NATS_URL ?? [`nats://127.0.0.1:${e.CUTOVER_NATS_PORT}`];
  const natsWsUrls = e.CUTOVER_NATS_WS_URL ?? [`ws://127.0.0.1:${e.CUTOVER_NATS_WS_PORT}`];
  return {
    source,
    metricsToken: e.CUTOVER_METRICS_TOKEN ?? null,
    trustedProxies: e.CUTOVER_TRUSTED_PROXIES,
    recentMs: e.CUTOVER_RECENT_SECONDS * 1000,
    natsServers,
    natsUrl: natsServers.join(','),
    natsMonitorUrls: e.CUTOVER_NATS_MONITOR_URLS ?? [
      `http://127.0.0.1:${e.CUTOVER_NATS_MONITOR_PORT}`,
    ],
    natsUser: e.CUTOVER_NATS_USER,
    natsPass: e.CUTOVER_NATS_PASS,
    kafkaBrokers: e.CUTOVER_KAFKA_BROKERS ?? [`127.0.0.1:${e.CUTOVER_KAFKA_PORT}`],
    replicas: e.CUTOVER_REPLICAS,
    kafkaMinIsr: e.CUTOVER_KAFKA_MIN_ISR,
    samplesTopic: e.CUTOVER_SAMPLES_TOPIC,
    parityTopic: e.CUTOVER_PARITY_TOPIC,
    slaMs,
    skewToleranceMs: e.CUTOVER_CLOCK_SKEW_SECONDS * 1000,
    public: {
      source: source.type === 'live' ? { type: 'live' } : { type: 'replay', speed: source.speed },
      natsWsUrls,
      natsWsUrl: natsWsUrls.join(','),
      natsBrowserUser: e.CUTOVER_NATS_BROWSER_USER,
      natsBrowserPass: e.CUTOVER_NATS_BROWSER_PASS,
      slaMs,
      skewToleranceMs: e.CUTOVER_CLOCK_SKEW_SECONDS * 1000,
    },
  };
}

let cached: ServerConfig | undefined;

/** The process's configuration, parsed once from process.env. */
export function serverConfig(): ServerConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
