/**
 * Builds HdrHistogram V2 encodings field by field, valid or not, for the decoder's tests and
 * bench:decode. Node-only (node:zlib) and never imported by the app: the decoder itself is
 * lib/samples/hdr-decode.ts.
 *
 * Layout (big-endian), as every HdrHistogram library writes it:
 *   compressed wrapper: cookie 0x1c849314 | int32 deflated length | zlib stream of the encoding
 *   encoding:           cookie 0x1c849313 | int32 payload length | int32 normalizingIndexOffset
 *                       | int32 significant digits | int64 lowest | int64 highest
 *                       | 8-byte integerToDoubleValueConversionRatio | payload
 *   payload:            ZigZag LEB128-64b9B varints; a count ≥ 0, or −n for a run of n zeros
 */
import { deflateSync, inflateSync } from 'node:zlib';

export const V2_COOKIE = 0x1c849313;
export const V2_COMPRESSED_COOKIE = 0x1c849314;
/** integerToDoubleValueConversionRatio 1.0 as an IEEE double, as Java, Go, Python and Rust write it. */
export const RATIO_ONE_BITS = 0x3ff0000000000000n;
const HEADER_BYTES = 40;

/** Every field of a V2 encoding; the payload is the varint bytes. */
export interface V2Encoding {
  cookie: number;
  /** Written as is; `undefined` means the payload's real length. */
  payloadLength?: number;
  normalizingIndexOffset: number;
  digits: number;
  lowest: bigint;
  highest: bigint;
  ratioBits: bigint;
  payload: Uint8Array;
}

/** The compressed wrapper's fields around a V2 encoding. */
export interface Wrapper {
  cookie: number;
  /** Added to the deflated stream's real length in the length field. */
  lengthDelta: number;
  /** Bytes appended after the deflated stream. */
  trailing: Uint8Array;
}

/** One ZigZag LEB128-64b9B varint: at most 9 bytes, the 9th carrying 8 bits (HdrHistogram's variant). */
export function varint(n: bigint): number[] {
  let v = BigInt.asUintN(64, n >= 0n ? n << 1n : (-n << 1n) - 1n);
  const out: number[] = [];
  for (let i = 0; i < 8; i += 1) {
    if (v < 0x80n) {
      out.push(Number(v));
      return out;
    }
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v & 0xffn));
  return out;
}

/** Varint payload from entries: a count (≥ 0) per bucket, or −n for n zero buckets. */
export function payloadOf(entries: readonly bigint[]): Uint8Array {
  return Uint8Array.from(entries.flatMap(varint));
}

/** Reads a payload back into entries; stops at a truncated varint (its bytes are dropped). */
export function entriesOf(payload: Uint8Array): bigint[] {
  const out: bigint[] = [];
  let pos = 0;
  while (pos < payload.length) {
    let v = 0n;
    let k = 0;
    for (; k < 9 && pos < payload.length; k += 1) {
      const b = payload[pos++]!;
      if (k === 8) {
        v |= BigInt(b) << 56n;
        break;
      }
      v |= BigInt(b & 0x7f) << BigInt(7 * k);
      if ((b & 0x80) === 0) break;
    }
    out.push(v & 1n ? -((v + 1n) >> 1n) : v >> 1n);
  }
  return out;
}

/** The uncompressed V2 encoding. */
export function encodingBytes(e: V2Encoding): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + e.payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, e.cookie >>> 0);
  view.setInt32(4, e.payloadLength ?? e.payload.length);
  view.setInt32(8, e.normalizingIndexOffset);
  view.setInt32(12, e.digits);
  view.setBigInt64(16, BigInt.asIntN(64, e.lowest));
  view.setBigInt64(24, BigInt.asIntN(64, e.highest));
  view.setBigUint64(32, BigInt.asUintN(64, e.ratioBits));
  out.set(e.payload, HEADER_BYTES);
  return out;
}

/** Deflates an encoding (zlib format) into the compressed wrapper, base64: what `hdr` carries. */
export function compressedBase64(
  encoding: Uint8Array,
  wrapper: Partial<Wrapper> = {},
  level = 6,
): string {
  return wrapDeflated(deflateSync(encoding, { level }), wrapper);
}

/** Wraps an already deflated stream (e.g. a corrupted one) in the compressed wrapper, base64. */
export function wrapDeflated(deflated: Uint8Array, wrapper: Partial<Wrapper> = {}): string {
  const trailing = wrapper.trailing ?? new Uint8Array(0);
  const out = new Uint8Array(8 + deflated.length + trailing.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, (wrapper.cookie ?? V2_COMPRESSED_COOKIE) >>> 0);
  view.setInt32(4, deflated.length + (wrapper.lengthDelta ?? 0));
  out.set(deflated, 8);
  out.set(trailing, 8 + deflated.length);
  return Buffer.from(out).toString('base64');
}

/** The usual V2 header: µs, 1 µs to an hour, 3 digits. */
const USUAL_HEADER = {
  cookie: V2_COOKIE,
  normalizingIndexOffset: 0,
  digits: 3,
  lowest: 1n,
  highest: 3_600_000_000n,
  ratioBits: RATIO_ONE_BITS,
} as const satisfies Omit<V2Encoding, 'payload'>;

/** A V2 encoding with the usual header and these payload entries. */
export function hdrOf(
  entries: readonly bigint[],
  fields: Partial<Omit<V2Encoding, 'payload'>> = {},
): string {
  return compressedBase64(
    encodingBytes({ ...USUAL_HEADER, ...fields, payload: payloadOf(entries) }),
  );
}

/** Splits a well-formed `hdr` string into its fields (for mutating real encodings). */
export function parseHdr(base64: string): V2Encoding {
  const bytes = Buffer.from(base64, 'base64');
  const length = bytes.readInt32BE(4);
  const inner = inflateSync(bytes.subarray(8, 8 + length));
  const view = new DataView(inner.buffer, inner.byteOffset, inner.byteLength);
  return {
    cookie: view.getUint32(0),
    payloadLength: view.getInt32(4),
    normalizingIndexOffset: view.getInt32(8),
    digits: view.getInt32(12),
    lowest: view.getBigInt64(16),
    highest: view.getBigInt64(24),
    ratioBits: view.getBigUint64(32),
    payload: new Uint8Array(inner.subarray(HEADER_BYTES)),
  };
}

/** A protocol-v1 histogram window carrying `hdr`, with the given count. */
export function windowWithHdr(hdr: string, count: number): string {
  return JSON.stringify({
    v: 1,
    type: 'latency-window',
    backend: 'nats',
    probe: 'p1',
    windowStartMs: 1_700_000_000_000,
    windowEndMs: 1_700_000_001_000,
    count,
    errors: 0,
    bytes: 0,
    hdr,
  });
}

/** One hostile `hdr`, with the message count that goes with it and what the decoder must answer. */
export interface HostileCase {
  name: string;
  hdr: string;
  count: number;
  /** The rejection reason, or 'accepted' (then with a counts array no longer than the budget). */
  expect: 'bad_histogram' | 'out_of_range' | 'accepted';
}

const TWO_40 = 2n ** 40n;

/**
 * The hostile inputs of issue 13 and their neighbours, each within one 64 KiB message. Shared by
 * the unit tests (which must fail, not hang, on a decoder that spins) and bench:decode.
 */
export function hostileCases(): HostileCase[] {
  // ≈1030:1 is deflate's ceiling: 60,000 base64 chars (45,000 bytes) inflate to ≈46 MB.
  const zeros = new Uint8Array(46_000_000);
  const bomb = (declared: number | undefined): string =>
    compressedBase64(
      encodingBytes({ ...USUAL_HEADER, payloadLength: declared, payload: zeros }),
      {},
      9,
    );
  // Counts array for 3 digits up to 10,000: 5 buckets of 1,024 = 5,120 entries.
  const small = { highest: 10_000n };
  const truncated = compressedBase64(
    encodingBytes({ ...USUAL_HEADER, payload: Uint8Array.from([...varint(7n), 0x80]) }),
  );
  const tenByteVarint = compressedBase64(
    encodingBytes({
      ...USUAL_HEADER,
      payload: Uint8Array.from([...varint(7n), ...new Array<number>(10).fill(0xff), 0x02]),
    }),
  );
  const trailing = (() => {
    const e = parseHdr(hdrOf([-1000n, 3n]));
    return compressedBase64(
      encodingBytes({ ...e, payload: Uint8Array.from([...e.payload, 0, 0, 0, 0]) }),
    );
  })();
  return [
    {
      name: 'a run of 2^40 zero buckets',
      hdr: hdrOf([1n, -TWO_40, 1n]),
      count: 2,
      expect: 'bad_histogram',
    },
    {
      name: 'a run of 2^40 zero buckets after the last count',
      hdr: hdrOf([5n, -TWO_40]),
      count: 5,
      expect: 'bad_histogram',
    },
    {
      name: 'a run of 2^62 zero buckets in a 2^62 range',
      hdr: hdrOf([-(2n ** 62n), 1n], { highest: 2n ** 62n, digits: 5 }),
      count: 1,
      expect: 'bad_histogram',
    },
    {
      name: 'a 2^62 range at 5 digits (values of a few ms)',
      hdr: hdrOf([-2000n, 3n], { highest: 2n ** 62n, digits: 5 }),
      count: 3,
      expect: 'accepted',
    },
    {
      name: 'a 2^62 range at 5 digits with a value of 2^40 µs',
      hdr: hdrOf([-3_145_728n, 1n], { highest: 2n ** 62n, digits: 5 }),
      count: 1,
      expect: 'out_of_range',
    },
    {
      name: 'an inflation bomb (46 MB declared)',
      hdr: bomb(undefined),
      count: 0,
      expect: 'bad_histogram',
    },
    {
      name: 'an inflation bomb (4 bytes declared)',
      hdr: bomb(4),
      count: 0,
      expect: 'bad_histogram',
    },
    {
      name: 'a count at an index beyond the counts array',
      hdr: hdrOf([-5120n, 5n], small),
      count: 5,
      expect: 'bad_histogram',
    },
    {
      name: 'a zero run beyond the counts array',
      hdr: hdrOf([3n, -1_000_000n], small),
      count: 3,
      expect: 'bad_histogram',
    },
    { name: 'a truncated varint', hdr: truncated, count: 7, expect: 'bad_histogram' },
    { name: 'a varint longer than 9 bytes', hdr: tenByteVarint, count: 8, expect: 'bad_histogram' },
    {
      name: 'a bucket count of 2^52',
      hdr: hdrOf([2n ** 52n]),
      count: 2 ** 52,
      expect: 'bad_histogram',
    },
    { name: 'bytes after the declared payload', hdr: trailing, count: 3, expect: 'bad_histogram' },
  ];
}
