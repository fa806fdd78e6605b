// A deterministic generator (xorshift32) for randomized tests: a failure names a seed that
// replays it exactly.

export function xorshift32(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}
