// pako 1's zlib port (the inflate hdr-histogram-js already ships in every bundle). Its
// low-level API lets hdr-inflate.ts bound the output; the wrapper API can only inflate all.
declare module 'pako/lib/zlib/zstream' {
  class ZStream {
    input: Uint8Array | null;
    next_in: number;
    avail_in: number;
    output: Uint8Array | null;
    next_out: number;
    avail_out: number;
    msg: string;
  }
  export = ZStream;
}

declare module 'pako/lib/zlib/inflate' {
  import type ZStream from 'pako/lib/zlib/zstream';
  export function inflateInit2(strm: ZStream, windowBits: number): number;
  export function inflate(strm: ZStream, flush: number): number;
  export function inflateEnd(strm: ZStream): number;
}
