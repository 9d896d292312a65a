/**
 * A lane's sender thread (see SenderMode in lane-sender.ts): its own producer or
 * connection, the lane's open-loop SendLoop, and reports to the main thread every 10 ms.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { anchoredClock } from './clock';
import { LaneProgress } from './lane-progress';
import type { FromSender, SenderWorkerData, ToSender } from './lane-sender';
import { MessagePlan } from './message-plan';
import { setThreadNice } from './priority';
import { SendLoop } from './send-loop';
import { SentCrcs } from './sent-crcs';
import type { ProbeMessage, SenderSpec } from './types';

interface Transport {
  publish(m: ProbeMessage): Promise<void>;
  close(): Promise<void>;
}

// Each thread loads only its own backend's client: loading @platformatic/kafka costs a
// thread ~1 s of CPU (its option schemas compile at import), which a NATS thread never needs.
// require, not import(): the thread runs as CommonJS under tsx/cjs (probe-thread.ts), whose
// hook resolves an extensionless path for require only.
/* eslint-disable @typescript-eslint/no-require-imports */
async function open(spec: SenderSpec): Promise<Transport> {
  if (spec.type === 'kafka') {
    const { createKafkaProducer, KafkaSender } =
      require('./kafka-sender') as typeof import('./kafka-sender');
    const producer = createKafkaProducer(spec.brokers);
    // Connected before the schedule starts, so the first messages do not wait for it.
    await producer.metadata({ topics: [spec.topic] });
    return new KafkaSender(producer, spec.topic, spec.acks);
  }
  const { connectNats, NatsSender } = require('./nats-sender') as typeof import('./nats-sender');
  const nc = await connectNats(spec, 'cutover-probe-sender');
  const sender = new NatsSender(nc, spec.subjectPrefix, spec.probeId);
  return {
    publish: (m) => sender.publish(m),
    close: async () => {
      await nc.flush();
      sender.close();
      await nc.drain();
    },
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */

function main(port: NonNullable<typeof parentPort>, data: SenderWorkerData): void {
  const post = (m: FromSender) => port.postMessage(m);
  setThreadNice(data.nice, `${data.options.side} sender thread`);
  const progress = new LaneProgress(data.progress);
  const crcs = new SentCrcs(progress.lanes, data.crcs);
  let loop: SendLoop | undefined;
  open(data.spec).then(
    (transport) => {
      port.on('message', (m: ToSender) => {
        switch (m.type) {
          case 'start':
            loop = new SendLoop(
              data.options,
              new MessagePlan(m.plan),
              progress,
              crcs,
              (message) => transport.publish(message),
              (report) => post({ type: 'report', report }),
              anchoredClock(m.anchor),
            );
            loop.start();
            break;
          case 'inject':
            loop?.inject(m.kind, m.fromSeq);
            break;
          case 'halt':
            loop?.halt();
            post({ type: 'done', step: 'halt' });
            break;
          case 'finish':
            if (loop) loop.finish(m.upTo, () => post({ type: 'done', step: 'finish' }));
            else post({ type: 'done', step: 'finish' });
            break;
          case 'settle':
            loop?.settle();
            post({ type: 'done', step: 'settle' });
            break;
          case 'close':
            loop?.close();
            void transport
              .close()
              .catch(() => undefined)
              .then(() => post({ type: 'done', step: 'close' }));
            break;
        }
      });
      post({ type: 'ready' });
    },
    (err: unknown) =>
      post({ type: 'failed', message: err instanceof Error ? err.message : String(err) }),
  );
}

if (parentPort) main(parentPort, workerData as SenderWorkerData);
