import { describe, expect, it } from 'vitest';
import { RECENT_MS, SampleHub, type HubEvent } from './sample-hub';

// The hub's fan-out and recent buffer, fed through inject() (the replay's path); the
// Kafka-reading path is covered against the real broker in sample-hub.integration.test.ts.
// Like the server's ingest, a first listener remembers the samples it accepts.
const rememberAccepted = (hub: SampleHub, accept: (text: string) => boolean = () => true) =>
  hub.subscribe((e) => (e.type === 'sample' && accept(e.text) ? hub.remember(e.text) : undefined));
describe('kafka - sample hub', () => {
  it('sends a late subscriber its status, then the last minute of samples, then live events', () => {
    const clock = { ms: 0 };
    const hub = new SampleHub({
      source: 'external',
      brokers: [],
      topic: 't',
      now: () => clock.ms,
    });
    rememberAccepted(hub);
    hub.inject({ type: 'sample', text: 'old' });
    clock.ms = 30_000;
    hub.inject({ type: 'sample', text: 'a' });
    hub.inject({ type: 'parity', text: 'p' });
    clock.ms = 30_000 + RECENT_MS - 1;
    hub.inject({ type: 'sample', text: 'b' });
    const got: HubEvent[] = [];
    hub.subscribe((e) => got.push(e));
    hub.inject({ type: 'sample', text: 'c' });
    expect(got).toEqual([
      { type: 'status', status: { type: 'connecting' } },
      { type: 'sample', text: 'a' },
      { type: 'sample', text: 'b' },
      { type: 'sample', text: 'c' },
    ]);
  });

  it('keeps for late subscribers only the samples remembered', () => {
    const hub = new SampleHub({ source: 'external', brokers: [], topic: 't' });
    rememberAccepted(hub, (text) => text !== 'bad');
    const live: string[] = [];
    hub.subscribe((e) => (e.type === 'sample' ? live.push(e.text) : undefined));
    hub.inject({ type: 'sample', text: 'bad' });
    hub.inject({ type: 'sample', text: 'good' });
    const late: string[] = [];
    hub.subscribe((e) => (e.type === 'sample' ? late.push(e.text) : undefined));
    expect(live).toEqual(['bad', 'good']);
    expect(late).toEqual(['good']);
  });

  it('keeps at most 600 recent samples, whatever the rate', () => {
    const hub = new SampleHub({ source: 'external', brokers: [], topic: 't', now: () => 0 });
    rememberAccepted(hub);
    for (let i = 0; i < 6_000; i += 1) hub.inject({ type: 'sample', text: String(i) });
    const got: string[] = [];
    hub.subscribe((e) => (e.type === 'sample' ? got.push(e.text) : undefined));
    expect(got).toHaveLength(600);
    expect(got[0]).toBe('5400');
  });
});
