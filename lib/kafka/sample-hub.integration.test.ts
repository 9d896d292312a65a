import { afterEach, describe, expect, it } from 'vitest';
import { Producer, stringSerializers } from '@platformatic/kafka';
import { encodeRawWindow } from '@/lib/samples';
import { stackConfig, uniqueId } from '@/lib/testing/stack';
import { SampleHub, streamSamples, type HubEvent } from '.';

const config = stackConfig();
const hubs: SampleHub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.close()));
});

function nextEvent(
  events: HubEvent[],
  match: (e: HubEvent) => boolean,
  ms = 20_000,
): Promise<HubEvent> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const poll = () => {
      const found = events.find(match);
      if (found) return resolve(found);
      if (Date.now() > deadline)
        return reject(
          new Error(
            `no matching event in ${ms} ms; saw ${JSON.stringify(events.map((e) => e.type))}`,
          ),
        );
      setTimeout(poll, 50);
    };
    poll();
  });
}

async function produce(topic: string, values: string[]): Promise<void> {
  const producer = new Producer({
    clientId: 'test',
    bootstrapBrokers: config.kafkaBrokers,
    serializers: stringSerializers,
  });
  await producer.send({ messages: values.map((value) => ({ topic, key: 'nats', value })) });
  await producer.close();
}

describe('kafka - sample hub', () => {
  it('fans the topic out as sample events and refuses oversize messages', async () => {
    const topic = uniqueId('samples');
    const hub = new SampleHub({ source: 'kafka', brokers: config.kafkaBrokers, topic });
    hubs.push(hub);
    const events: HubEvent[] = [];
    hub.subscribe((e) => events.push(e));
    await nextEvent(events, (e) => e.type === 'status' && e.status.type === 'connected');

    const sample = encodeRawWindow(
      {
        backend: 'nats',
        probeId: 'itest',
        windowStartMs: 1000,
        windowEndMs: 2000,
        errors: 0,
        bytes: 0,
      },
      [5, 6],
    );
    await produce(topic, ['x'.repeat(70_000), sample]);

    await expect(nextEvent(events, (e) => e.type === 'rejected')).resolves.toEqual({
      type: 'rejected',
      reason: 'oversize',
    });
    await expect(nextEvent(events, (e) => e.type === 'sample')).resolves.toEqual({
      type: 'sample',
      text: sample,
    });
  });

  it('streams server-sent events to a client and stops on abort', async () => {
    const topic = uniqueId('samples');
    const hub = new SampleHub({ source: 'kafka', brokers: config.kafkaBrokers, topic });
    hubs.push(hub);
    const abort = new AbortController();
    const response = streamSamples(
      new Request('http://test/api/stream', { signal: abort.signal }),
      hub,
    );
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      const deadline = Date.now() + 20_000;
      while (!text.includes(needle)) {
        if (Date.now() > deadline) throw new Error(`no "${needle}" in: ${text}`);
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        text += decoder.decode(value);
      }
    };
    await readUntil('"type":"connected"');
    await produce(topic, ['{"v":1,"line1":"a\\nb"}']);
    await readUntil('event: sample');
    // The payload is one JSON string on one data line, whatever it contains.
    expect(text).toContain(`data: ${JSON.stringify('{"v":1,"line1":"a\\nb"}')}\n\n`);
    expect(hub.listenerCount).toBe(1);
    abort.abort();
    expect(hub.listenerCount).toBe(0);
  });
});
