import { inflate, inflateInit2 } from 'pako/lib/zlib/inflate';
import ZStream from 'pako/lib/zlib/zstream';

// zlib's return codes and flush mode (pako/lib/zlib/constants.js).
const Z_NO_FLUSH = 0;
const Z_OK = 0;
const Z_STREAM_END = 1;
// A zlib (RFC 1950) stream with a 32 KiB window: what every HdrHistogram library deflates into.
const ZLIB_WINDOW_BITS = 15;

/**
 * A zlib stream inflated into buffers the caller sizes, so that no input can make it produce
 * (or allocate) more than the caller asked for: a 45 KB stream can otherwise inflate to 46 MB.
 * pako's low-level port of zlib, because it runs the same in Node and in the page's worker
 * (node:zlib has maxOutputLength but no browser twin; DecompressionStream is asynchronous).
 */
export class BoundedInflater {
  private readonly strm = new ZStream();
  private done = false;

  /** @param input the deflated bytes (zlib format, header and Adler-32 trailer included) */
  constructor(input: Uint8Array) {
    const status = inflateInit2(this.strm, ZLIB_WINDOW_BITS);
    if (status !== Z_OK) throw new InflateError(`zlib init failed (${status})`);
    this.strm.input = input;
    this.strm.next_in = 0;
    this.strm.avail_in = input.length;
  }

  /** True once the stream's end (and its checksum) has been read. */
  get ended(): boolean {
    return this.done;
  }

  /**
   * Fills `out` with the next inflated bytes; returns how many were written, fewer than
   * out.length only when the stream ended. Throws InflateError if the stream is corrupt,
   * fails its checksum or is cut short.
   */
  read(out: Uint8Array): number {
    const strm = this.strm;
    strm.output = out;
    strm.next_out = 0;
    strm.avail_out = out.length;
    while (strm.avail_out > 0 && !this.done) {
      const inBefore = strm.avail_in;
      const outBefore = strm.avail_out;
      const status = inflate(strm, Z_NO_FLUSH);
      if (status === Z_STREAM_END) this.done = true;
      else if (status !== Z_OK) throw new InflateError(strm.msg || `zlib error ${status}`);
      else if (strm.avail_in === inBefore && strm.avail_out === outBefore) {
        throw new InflateError('deflate stream is truncated');
      }
    }
    return strm.next_out;
  }
}

/** A zlib stream that is corrupt, truncated, or fails its checksum. */
export class InflateError extends Error {
  override name = 'InflateError';
}
