import type { SampleOrigin, Transport } from '@/lib/samples';

/**
 * Longest stretch (ms) of decoding before the queue yields. A tab that joins late gets a
 * minute of windows at once (the server's recent buffer); decoded in one go, they held
 * the page's first update back for a second.
 */
const DECODE_SLICE_MS = 8;

/** One sample message as a feed delivered it, waiting to be decoded. */
export interface Arrival {
  data: Uint8Array | string;
  transport: Transport;
  origin: SampleOrigin;
  /** The receiver's clock when it arrived (ms). */
  receivedMs: number;
}

/**
 * Sample messages received and not decoded yet, oldest first, decoded in slices of
 * DECODE_SLICE_MS so that whoever else shares the thread (the page's requests) is
 * answered between slices.
 */
export class DecodeQueue {
  private readonly inbox: Arrival[] = [];
  private readonly yielder = new MessageChannel();
  private decoding = false;

  /**
   * `decode` takes one message in; `onDecoded` is called after each slice that decoded
   * at least one.
   */
  constructor(
    private readonly decode: (message: Arrival) => void,
    private readonly onDecoded: () => void,
  ) {
    this.yielder.port1.onmessage = () => this.decodeSlice();
    // Node (tests, scripts) would otherwise stay alive for the port; browsers have no unref.
    (this.yielder.port1 as { unref?: () => void }).unref?.();
  }

  /** Queues a message; decoding starts in a later task. */
  push(message: Arrival): void {
    this.inbox.push(message);
    if (this.decoding) return;
    this.decoding = true;
    this.yielder.port2.postMessage(null);
  }

  /** Decodes everything queued now. */
  flush(): void {
    this.decodeSlice(Number.POSITIVE_INFINITY);
  }

  close(): void {
    this.yielder.port1.close();
  }

  private decodeSlice(sliceMs = DECODE_SLICE_MS): void {
    const untilMs = performance.now() + sliceMs;
    let decoded = 0;
    // In batches of 16 between clock reads; splice, not shift, so a long queue drains in linear time.
    while (this.inbox.length > 0 && performance.now() < untilMs)
      for (const m of this.inbox.splice(0, 16)) {
        this.decode(m);
        decoded += 1;
      }
    if (this.inbox.length > 0) this.yielder.port2.postMessage(null);
    else this.decoding = false;
    if (decoded > 0) this.onDecoded();
  }
}
