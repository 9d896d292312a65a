/**
 * HdrHistogram's compressed V2 encoding (base64), decoded with every size, range and run
 * checked before it costs anything. hdr-histogram-js has no safe entry point: its decoder
 * inflates without limit, sizes the counts array from the declared range, and walks the
 * declared zero runs one bucket at a time, so a 60-character `hdr` could spin a process for
 * hours. This module only borrows its histogram class, filled the way its own decoder fills it.
 */
import { Int32Histogram, type Histogram } from 'hdr-histogram-js';
import {
  countsLengthFor,
  hdrLayout,
  highestEquivalentValue,
  indexOfValue,
  valueAtIndex,
  type HdrLayout,
} from './hdr-layout';
import { BoundedInflater, InflateError } from './hdr-inflate';
import { MAX_LATENCY_US, SampleRejected } from './types';

/** Compressed wrapper cookie (the 0xf0 nibble, a word size, is ignored as every reader does). */
const COMPRESSED_COOKIE_BASE = 0x1c849304;
/** V2 encoding cookie, likewise. */
const ENCODING_COOKIE_BASE = 0x1c849303;
const HEADER_BYTES = 40;
/** integerToDoubleValueConversionRatio: 1.0 as a double (Java, Go, Python, Rust) … */
const RATIO_ONE_DOUBLE = 0x3ff0000000000000n;
/** … or as the int64 1 that hdr-histogram-js writes. */
const RATIO_ONE_INT = 1n;

/**
 * Limits the decoder enforces (docs/protocol.md, "Histogram limits").
 * - maxInflatedBytes: the inflated encoding, header included. The most varied histograms that
 *   fit a 60,000-character `hdr` carry 30 KB (3 digits, every bucket to an hour) to 58 KB
 *   (5 digits) of varints; 128 KiB leaves 2× room, and bounds the walk a highly compressible
 *   payload could otherwise force (1 MiB of varints took ~30 ms; bench:decode).
 * - maxDecodedDigits: histograms with more significant digits are decoded at 3, the dashboard's
 *   own resolution (every slot merges at 3), which bounds the counts array at 23,552 entries
 *   (94 KB) where 5 digits up to an hour would need 2,097,152 (8 MiB).
 * - maxBucketCount: the counts array is Uint32 (hdr-histogram-js's 32-bit histogram).
 */
export const HDR_LIMITS = {
  maxInflatedBytes: 128 * 1024,
  maxDecodedDigits: 3,
  maxBucketCount: 2 ** 32 - 1,
} as const;

/** Counts-array length of the largest histogram the decoder builds: 3 digits, 1 µs, up to an hour. */
export const MAX_DECODED_COUNTS_LENGTH = countsLengthFor(
  hdrLayout(1n, HDR_LIMITS.maxDecodedDigits)!,
  BigInt(MAX_LATENCY_US),
);

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function bad(detail: string): SampleRejected {
  return new SampleRejected('bad_histogram', detail);
}

/**
 * Decodes an `hdr` field (values in µs) into a 32-bit histogram. Bit-exact (same buckets, counts,
 * min, max and total as the encoder's) for up to 3 significant digits; 4 and 5 are kept at 3,
 * as merging them into any slot would. Time is linear in the message (at most 128 KiB of
 * varints inflated), memory about 0.4 MB (inflated bytes plus a ≤ 94 KB counts array).
 * Throws SampleRejected: 'bad_histogram' for anything malformed or beyond the limits above,
 * 'out_of_range' for a recorded value above MAX_LATENCY_US.
 */
export function decodeHdr(base64: string): Histogram {
  const bytes = base64Bytes(base64);
  if (bytes.length < 8) throw bad('compressed histogram shorter than its 8-byte header');
  const outer = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cookie = outer.getUint32(0);
  if ((cookie & ~0xf0) >>> 0 !== COMPRESSED_COOKIE_BASE) {
    throw bad(`not a compressed V2 HdrHistogram (cookie 0x${cookie.toString(16)})`);
  }
  const deflatedLength = outer.getInt32(4);
  if (deflatedLength < 1 || deflatedLength > bytes.length - 8) {
    throw bad(`deflated length ${deflatedLength} does not fit the ${bytes.length - 8} bytes sent`);
  }

  const inflater = new BoundedInflater(bytes.subarray(8, 8 + deflatedLength));
  const header = new Uint8Array(HEADER_BYTES);
  if (inflateInto(inflater, header) < HEADER_BYTES) {
    throw bad('inflated encoding shorter than its 40-byte header');
  }
  const h = readHeader(header);

  // One byte more than declared, to see whether the stream goes on past the payload.
  const payload = new Uint8Array(h.payloadLength + 1);
  const got = inflateInto(inflater, payload);
  if (got !== h.payloadLength || !inflater.ended) {
    throw bad(
      got > h.payloadLength
        ? `inflated payload longer than its declared ${h.payloadLength} bytes`
        : `inflated payload ${got} bytes, declared ${h.payloadLength}`,
    );
  }
  return fillHistogram(h, payload.subarray(0, h.payloadLength));
}

/** Strict standard base64 (RFC 4648 §4, padded), surrounding whitespace allowed, as hdr-histogram-js. */
function base64Bytes(text: string): Uint8Array {
  const s = text.trim();
  if (s.length % 4 !== 0 || !BASE64.test(s)) throw bad('hdr is not standard padded base64');
  const binary = atob(s);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) out[i] = binary.charCodeAt(i);
  return out;
}

function inflateInto(inflater: BoundedInflater, out: Uint8Array): number {
  try {
    return inflater.read(out);
  } catch (e) {
    if (e instanceof InflateError) throw bad(`deflate stream: ${e.message}`);
    throw bad('deflate stream could not be inflated');
  }
}

interface Header {
  payloadLength: number;
  digits: number;
  lowest: bigint;
  highest: bigint;
  /** The layout the encoder used: indexes in the payload are in it. */
  source: HdrLayout;
  /** Its counts-array length: no index may reach it. */
  sourceLength: number;
}

/** Validates the 40-byte V2 header; everything after is bounded by what it declares. */
function readHeader(header: Uint8Array): Header {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const cookie = view.getUint32(0);
  if ((cookie & ~0xf0) >>> 0 !== ENCODING_COOKIE_BASE) {
    throw bad(`inflated data is not a V2 encoding (cookie 0x${cookie.toString(16)})`);
  }
  const payloadLength = view.getInt32(4);
  if (payloadLength < 0 || payloadLength > HDR_LIMITS.maxInflatedBytes - HEADER_BYTES) {
    throw bad(
      `payload length ${payloadLength} not in [0, ${HDR_LIMITS.maxInflatedBytes - HEADER_BYTES}]`,
    );
  }
  // Java's shifted histograms (DoubleHistogram internals) use other offsets; integer
  // histograms write 0, and hdr-histogram-js writes 1 but never shifts.
  const normalizingIndexOffset = view.getInt32(8);
  if (normalizingIndexOffset !== 0 && normalizingIndexOffset !== 1) {
    throw bad(
      `normalizingIndexOffset ${normalizingIndexOffset}: shifted histograms are not latencies`,
    );
  }
  const digits = view.getInt32(12);
  const lowest = view.getBigInt64(16);
  const highest = view.getBigInt64(24);
  const ratio = view.getBigUint64(32);
  if (ratio !== RATIO_ONE_DOUBLE && ratio !== RATIO_ONE_INT) {
    throw bad('integerToDoubleValueConversionRatio is not 1: not an integer histogram');
  }
  // A lowest value above an hour could only hold latencies the decoder refuses anyway.
  if (lowest < 1n || lowest > BigInt(MAX_LATENCY_US)) {
    throw bad(`lowestDiscernibleValue ${lowest} not in [1, ${MAX_LATENCY_US}]`);
  }
  const source = hdrLayout(lowest, digits);
  if (!source) throw bad(`${digits} significant digits (0..5 allowed) at lowest ${lowest}`);
  if (highest < 2n * lowest) {
    throw bad(`highestTrackableValue ${highest} < 2 × lowestDiscernibleValue ${lowest}`);
  }
  return {
    payloadLength,
    digits,
    lowest,
    highest,
    source,
    sourceLength: countsLengthFor(source, highest),
  };
}

// Byte weights of an LEB128-64b9B varint: 7 bits a byte, and all 8 bits of a 9th byte.
const WEIGHTS = Array.from({ length: 9 }, (_, k) => 2 ** (7 * k));

/**
 * Walks the ZigZag LEB128-64b9B counts into a new histogram. The declared range only bounds
 * the indexes (no allocation follows it): the counts array is sized for the range clamped to
 * an hour, at ≤ 3 digits, so a 2^62 range costs what a 1-hour one does.
 */
function fillHistogram(h: Header, payload: Uint8Array): Histogram {
  const digits = Math.min(h.digits, HDR_LIMITS.maxDecodedDigits);
  const target = digits === h.digits ? h.source : hdrLayout(h.lowest, digits)!;
  const sameLayout = target === h.source;
  // The encoder's counts array covers values up to the top of its last bucket, beyond the
  // declared highest; the histogram covers the same, clamped to an hour.
  const lastIndex = h.sourceLength - 1;
  const lastBucket = Math.max(Math.floor(lastIndex / h.source.subBucketHalfCount) - 1, 0);
  const sourceTop =
    valueAtIndex(h.source, lastIndex) + 2 ** (lastBucket + h.source.unitMagnitude) - 1;
  const lowest = Number(h.lowest);
  const histogram = new Int32Histogram(
    lowest,
    Math.max(Math.min(sourceTop, MAX_LATENCY_US), 2 * lowest),
    digits,
  );
  // A value is refused when its bucket reaches past an hour (as the maximum check always did);
  // buckets nest, so that is every source index from here on.
  const refusedFromIndex = indexOfValue(
    h.source,
    highestEquivalentValue(target, MAX_LATENCY_US) > MAX_LATENCY_US
      ? valueAtIndex(target, indexOfValue(target, MAX_LATENCY_US))
      : MAX_LATENCY_US + 1,
  );
  // Counts are summed per target bucket, written once it is complete: at more digits than
  // kept, many consecutive source buckets (indexes below `pendingEnd`) share one.
  let pendingAt = -1;
  let pendingSum = 0;
  let pendingEnd = 0;
  const sourceLength = h.sourceLength;
  const end = payload.length;
  let pos = 0;
  let index = 0;
  while (pos < end) {
    // Most counts fit one byte; longer varints take the careful path.
    let raw = payload[pos]!;
    if (raw < 0x80) {
      pos += 1;
    } else {
      const length = varintLength(payload, pos);
      raw = varintValue(payload, pos, length);
      pos += length;
    }
    // ZigZag: even is a count, odd a run of zero buckets. Beyond 2^53 parity is lost, but
    // such a count or run is refused below either way.
    if (raw % 2 === 1) {
      const run = (raw + 1) / 2;
      if (run > sourceLength - index) {
        throw bad(
          `zero run of ${run} from index ${index} passes the ${sourceLength}-entry counts array`,
        );
      }
      index += run;
      continue;
    }
    if (index >= sourceLength) {
      // hdr-histogram-js writes a zero count or two past the end of its counts array when
      // its maximum is in the last bucket; a zero there holds nothing. Each costs a payload
      // byte or more, so the payload's length still bounds the walk.
      if (raw === 0) {
        index += 1;
        continue;
      }
      throw bad(`count at index ${index}, beyond the ${sourceLength}-entry counts array`);
    }
    const count = raw / 2;
    if (count > 0) {
      if (count > HDR_LIMITS.maxBucketCount) {
        throw bad(`bucket count ${count} above ${HDR_LIMITS.maxBucketCount}`);
      }
      if (index >= refusedFromIndex) {
        throw new SampleRejected(
          'out_of_range',
          `latency ≥ ${valueAtIndex(h.source, index)} µs above ${MAX_LATENCY_US} µs`,
        );
      }
      if (index >= pendingEnd) {
        if (pendingAt >= 0) histogram.setCountAtIndex(pendingAt, pendingSum);
        if (sameLayout) {
          pendingAt = index;
          pendingEnd = index + 1;
        } else {
          pendingAt = indexOfValue(target, valueAtIndex(h.source, index));
          pendingEnd = indexOfValue(
            h.source,
            highestEquivalentValue(target, valueAtIndex(target, pendingAt)) + 1,
          );
        }
        pendingSum = 0;
        // Unreachable by construction (the array covers every accepted value), but a typed
        // array drops an out-of-bounds write silently: fail loudly instead.
        if (pendingAt >= histogram.countsArrayLength) {
          throw bad(`index ${pendingAt} outside the decoded histogram`);
        }
      }
      pendingSum += count;
      if (pendingSum > HDR_LIMITS.maxBucketCount) {
        throw bad(`bucket count ${pendingSum} above ${HDR_LIMITS.maxBucketCount}`);
      }
    }
    index += 1;
  }
  if (pendingAt >= 0) histogram.setCountAtIndex(pendingAt, pendingSum);
  // Sets total, min and max from the counts, as hdr-histogram-js's own decoder finishes.
  histogram.establishInternalTackingValues();
  return histogram;
}

/** Bytes of the varint starting at `start`: up to 9; throws if the payload ends inside it. */
function varintLength(payload: Uint8Array, start: number): number {
  for (let k = 0; k < 8; k += 1) {
    const b = payload[start + k];
    if (b === undefined) throw bad(`truncated varint at payload byte ${payload.length}`);
    if (b < 0x80) return k + 1;
  }
  if (start + 8 >= payload.length) throw bad(`truncated varint at payload byte ${payload.length}`);
  return 9;
}

/** The unsigned LEB128-64b9B value of the varint at `start` (exact below 2^53). */
function varintValue(payload: Uint8Array, start: number, length: number): number {
  let raw = 0;
  for (let k = 0; k < length; k += 1) {
    const b = payload[start + k]!;
    raw += (k === 8 ? b : b & 0x7f) * WEIGHTS[k]!;
  }
  return raw;
}
