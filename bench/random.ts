/**
 * A deterministic xorshift32 source of numbers in [0, 1), so every run of a benchmark
 * builds the same inputs. Each call starts its own sequence from the same seed.
 */
export function xorshift(seed = 0x2545f491): () => number {
  let s = seed;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}
