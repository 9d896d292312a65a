import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Producer, stringSerializers } from '@platformatic/kafka';
import { expect, type Page } from '@playwright/test';
import { formatLatencyUs } from '@/lib/latency';
import { newLatencyHistogram, samplesSubject, type WindowMeta } from '@/lib/samples';
import { stackConfig } from '@/lib/testing/stack';

export const config = stackConfig();

/** Publishes sample messages the way any producer following docs/protocol.md would. */
export class Publisher {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly producer: Producer<string, string, string, string>,
  ) {}

  static async open(): Promise<Publisher> {
    const nc = await connect({
      servers: config.natsServers,
      user: config.natsUser,
      pass: config.natsPass,
    });
    const producer = new Producer({
      clientId: 'e2e',
      bootstrapBrokers: config.kafkaBrokers,
      serializers: stringSerializers,
    });
    return new Publisher(nc, producer);
  }

  async nats(backend: string, probeId: string, text: string): Promise<void> {
    this.nc.publish(samplesSubject(backend, probeId), text);
    await this.nc.flush();
  }

  /** Publishes on any subject, without waiting: for bursts and for subjects that lie. */
  publishRaw(subject: string, text: string): void {
    this.nc.publish(subject, text);
  }

  async flush(): Promise<void> {
    await this.nc.flush();
  }

  async kafka(backend: string, text: string): Promise<void> {
    await this.producer.send({
      messages: [{ topic: config.samplesTopic, key: backend, value: text }],
    });
  }

  /** Many messages in one produce request: hostile-input tests send a thousand. */
  async kafkaBatch(backend: string, texts: string[]): Promise<void> {
    await this.producer.send({
      messages: texts.map((value) => ({ topic: config.samplesTopic, key: backend, value })),
    });
  }

  async close(): Promise<void> {
    await this.nc.close();
    await this.producer.close();
  }
}

/** A window of the given latencies (µs), and the p50/p99 the page must show for it. */
export function knownWindow(meta: WindowMeta, latenciesUs: number[]) {
  const h = newLatencyHistogram();
  for (const us of latenciesUs) h.recordValue(us);
  return {
    histogram: h,
    meta,
    p50Us: h.getValueAtPercentile(50),
    p99Us: h.getValueAtPercentile(99),
  };
}

/** Opens the dashboard and waits until both transports are connected. */
export async function openDashboard(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  for (const t of ['nats', 'kafka']) {
    await expect(page.getByTestId(`transport-${t}`)).toHaveAttribute(
      'data-state',
      /waiting|live|stale/,
    );
  }
}

/** Asserts a backend card shows exactly these percentiles, as value and as text. */
export async function expectPercentiles(
  page: Page,
  backend: string,
  p50Us: number,
  p99Us: number,
): Promise<void> {
  await expect(page.getByTestId(`p50-${backend}`)).toHaveAttribute('data-value-us', String(p50Us));
  await expect(page.getByTestId(`p99-${backend}`)).toHaveAttribute('data-value-us', String(p99Us));
  await expect(page.getByTestId(`p50-${backend}`)).toHaveText(formatLatencyUs(p50Us));
  await expect(page.getByTestId(`p99-${backend}`)).toHaveText(formatLatencyUs(p99Us));
}

/**
 * Re-sends until the page shows it: a consumer joining the topic may miss the first
 * send, and de-duplication by (probe, backend, window) makes repeats harmless.
 */
export async function publishUntil(
  send: () => Promise<void>,
  visible: () => Promise<void>,
): Promise<void> {
  await expect(async () => {
    await send();
    await visible();
  }).toPass({ intervals: [500, 1000, 2000], timeout: 30_000 });
}
