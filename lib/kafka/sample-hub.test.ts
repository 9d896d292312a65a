import { describe, expect, it } from 'vitest';
import { SampleHub, type HubEvent } from './sample-hub';

// The hub's fan-out, screen and welcome, fed through inject() (the replay's path); the
// Kafka-reading path is covered against the real broker in sample-hub.integration.test.ts.
describe('kafka - sample hub', () => {
  it('sends a late subscriber its status, then the welcome (history), then live events', () => {
    const hub = new SampleHub({ source: 'external', brokers: [], topic: 't' });
    hub.setWelcome(() => [{ type: 'history', text: '{"h":1}' }]);
    hub.inject({ type: 'sample', text: 'old' });
    const got: HubEvent[] = [];
    hub.subscribe((e) => got.push(e));
    hub.inject({ type: 'sample', text: 'c' });
    expect(got).toEqual([
      { type: 'status', status: { type: 'connecting' } },
      { type: 'history', text: '{"h":1}' },
      { type: 'sample', text: 'c' },
    ]);
  });

  it('screens each sample once for every stream: a refused one goes out as its reason', () => {
    const hub = new SampleHub({ source: 'external', brokers: [], topic: 't' });
    let screened = 0;
    hub.setScreen((data) => {
      screened += 1;
      return data === 'bad' ? 'bad_schema' : null;
    });
    const a: HubEvent[] = [];
    const b: HubEvent[] = [];
    hub.subscribe((e) => a.push(e));
    hub.subscribe((e) => b.push(e));
    hub.inject({ type: 'sample', text: 'bad' });
    hub.inject({ type: 'sample', text: 'good' });
    expect(screened).toBe(2);
    for (const got of [a, b])
      expect(got.slice(1)).toEqual([
        { type: 'rejected', reason: 'bad_schema' },
        { type: 'sample', text: 'good' },
      ]);
  });
});
