/**
 * Structural mutations of real `hdr` encodings, for the decoder's property test and the
 * worst-case search of bench:decode: header fields, varint runs and counts, and the deflate
 * stream itself, each re-encoded so that it reaches the layer it targets (a mutated payload
 * is recompressed, so it passes zlib). Node-only and never imported by the app.
 */
import fc from 'fast-check';
import { deflateSync } from 'node:zlib';
import {
  encodingBytes,
  entriesOf,
  parseHdr,
  payloadOf,
  wrapDeflated,
  type V2Encoding,
} from './hdr-craft';

export type HdrMutation =
  | { type: 'outerCookie'; value: number }
  | { type: 'outerLength'; delta: number }
  | { type: 'outerTrailing'; bytes: number }
  | { type: 'innerCookie'; value: number }
  | { type: 'payloadLength'; delta: number }
  | { type: 'offset'; value: number }
  | { type: 'digits'; value: number }
  | { type: 'lowest'; value: bigint }
  | { type: 'highest'; value: bigint }
  | { type: 'ratio'; value: bigint }
  /** Inserts or replaces a varint entry at a fraction of the entry list (a count, or −run). */
  | { type: 'insertEntry'; at: number; value: bigint }
  | { type: 'replaceEntry'; at: number; value: bigint }
  /** Inserts raw bytes into the varint payload (overlong or unterminated varints). */
  | { type: 'rawBytes'; at: number; bytes: readonly number[] }
  | { type: 'truncatePayload'; bytes: number }
  /** Appends zero bytes to the payload: a zero-count literal each, highly compressible. */
  | { type: 'appendZeros'; bytes: number }
  | { type: 'corruptDeflate'; at: number; xor: number }
  | { type: 'truncateDeflate'; bytes: number };

const big = (e: number) => 2n ** BigInt(e);
/** 64-bit values where decoders overflow, truncate or loop. */
const edgeBigInt = fc.oneof(
  fc.constantFrom(0n, 1n, 2n, 1000n, big(31) - 1n, big(32), big(40), big(52), big(53)),
  fc.constantFrom(big(62), big(63) - 1n, -1n, -big(63), 3_600_000_000n, 3_600_000_001n),
  fc.bigInt({ min: -big(63), max: big(63) - 1n }),
);
const entryValue = fc.oneof(
  fc.constantFrom(1n, 7n, big(31) - 1n, big(32) - 1n, big(32), big(53), big(62)),
  fc.constantFrom(-1n, -2n, -1000n, -big(20), -big(28), -big(40), -big(62), -(big(63) - 1n)),
  fc.bigInt({ min: -big(24), max: big(24) }),
);
const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

/** One structural mutation. */
export const hdrMutation: fc.Arbitrary<HdrMutation> = fc.oneof(
  fc.record({
    type: fc.constant('outerCookie' as const),
    value: fc.oneof(fc.constantFrom(0x1c849304, 0x1c849314, 0x1c849303, 0x1c849301), int32),
  }),
  fc.record({
    type: fc.constant('outerLength' as const),
    delta: fc.oneof(fc.integer({ min: -8, max: 8 }), int32),
  }),
  fc.record({
    type: fc.constant('outerTrailing' as const),
    bytes: fc.integer({ min: 1, max: 64 }),
  }),
  fc.record({
    type: fc.constant('innerCookie' as const),
    value: fc.oneof(fc.constantFrom(0x1c849303, 0x1c849323, 0x1c849304, 0x1c849302), int32),
  }),
  fc.record({
    type: fc.constant('payloadLength' as const),
    delta: fc.oneof(fc.integer({ min: -4, max: 4 }), int32),
  }),
  fc.record({
    type: fc.constant('offset' as const),
    value: fc.oneof(fc.constantFrom(0, 1, 2, -1), int32),
  }),
  fc.record({ type: fc.constant('digits' as const), value: fc.integer({ min: -1, max: 7 }) }),
  fc.record({ type: fc.constant('lowest' as const), value: edgeBigInt }),
  fc.record({ type: fc.constant('highest' as const), value: edgeBigInt }),
  fc.record({
    type: fc.constant('ratio' as const),
    value: fc.oneof(fc.constantFrom(0x3ff0000000000000n, 1n, 0n, 0x4000000000000000n), edgeBigInt),
  }),
  fc.record({ type: fc.constant('insertEntry' as const), at: fraction, value: entryValue }),
  fc.record({ type: fc.constant('replaceEntry' as const), at: fraction, value: entryValue }),
  fc.record({
    type: fc.constant('rawBytes' as const),
    at: fraction,
    bytes: fc.oneof(
      fc.constant<readonly number[]>(new Array<number>(10).fill(0xff)),
      fc.constant<readonly number[]>([0x80]),
      fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 12 }),
    ),
  }),
  fc.record({
    type: fc.constant('truncatePayload' as const),
    bytes: fc.integer({ min: 1, max: 9 }),
  }),
  fc.record({
    type: fc.constant('appendZeros' as const),
    bytes: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.constantFrom(1 << 20, 4 << 20)),
  }),
  fc.record({
    type: fc.constant('corruptDeflate' as const),
    at: fraction,
    xor: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({
    type: fc.constant('truncateDeflate' as const),
    bytes: fc.integer({ min: 1, max: 8 }),
  }),
);

/** A mutated `hdr`, and the count of its (mutated) varints, for the message's `count`. */
export interface Mutated {
  hdr: string;
  count: number;
}

/** Applies mutations to a well-formed `hdr` string and re-encodes it layer by layer. */
export function mutateHdr(base: string, mutations: readonly HdrMutation[]): Mutated {
  const e: V2Encoding = parseHdr(base);
  e.payloadLength = undefined;
  let payloadDelta = 0;
  let entries = entriesOf(e.payload);
  let raw: { at: number; bytes: readonly number[] }[] = [];
  let truncate = 0;
  let zeros = 0;
  const outer = { cookie: 0x1c849314, lengthDelta: 0, trailing: 0 };
  const deflate: { corrupt: { at: number; xor: number }[]; truncate: number } = {
    corrupt: [],
    truncate: 0,
  };
  for (const m of mutations) {
    switch (m.type) {
      case 'outerCookie':
        outer.cookie = m.value;
        break;
      case 'outerLength':
        outer.lengthDelta = m.delta;
        break;
      case 'outerTrailing':
        outer.trailing = m.bytes;
        break;
      case 'innerCookie':
        e.cookie = m.value;
        break;
      case 'payloadLength':
        payloadDelta = m.delta;
        break;
      case 'offset':
        e.normalizingIndexOffset = m.value;
        break;
      case 'digits':
        e.digits = m.value;
        break;
      case 'lowest':
        e.lowest = m.value;
        break;
      case 'highest':
        e.highest = m.value;
        break;
      case 'ratio':
        e.ratioBits = m.value;
        break;
      case 'insertEntry':
        entries = [...entries];
        entries.splice(Math.floor(m.at * (entries.length + 1)), 0, m.value);
        break;
      case 'replaceEntry':
        if (entries.length > 0) {
          entries = [...entries];
          entries[Math.min(Math.floor(m.at * entries.length), entries.length - 1)] = m.value;
        }
        break;
      case 'rawBytes':
        raw = [...raw, { at: m.at, bytes: m.bytes }];
        break;
      case 'truncatePayload':
        truncate += m.bytes;
        break;
      case 'appendZeros':
        zeros += m.bytes;
        break;
      case 'corruptDeflate':
        deflate.corrupt.push({ at: m.at, xor: m.xor });
        break;
      case 'truncateDeflate':
        deflate.truncate += m.bytes;
        break;
    }
  }
  let payload = [...payloadOf(entries)];
  for (const r of raw) payload.splice(Math.floor(r.at * (payload.length + 1)), 0, ...r.bytes);
  payload = payload.slice(0, Math.max(0, payload.length - truncate));
  const bytes = new Uint8Array(payload.length + zeros);
  bytes.set(payload);
  e.payload = bytes;
  e.payloadLength = bytes.length + payloadDelta;

  let deflated: Uint8Array = deflateSync(encodingBytes(e));
  for (const c of deflate.corrupt) {
    const i = Math.min(Math.floor(c.at * deflated.length), deflated.length - 1);
    deflated[i] = deflated[i]! ^ c.xor;
  }
  deflated = deflated.subarray(0, Math.max(1, deflated.length - deflate.truncate));

  const positive = entries.reduce((sum, v) => (v > 0n ? sum + v : sum), 0n);
  return {
    hdr: wrapDeflated(deflated, {
      cookie: outer.cookie,
      lengthDelta: outer.lengthDelta,
      trailing: new Uint8Array(outer.trailing).fill(0xa5),
    }),
    count: positive <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(positive) : 0,
  };
}
