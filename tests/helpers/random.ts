/**
 * Random inputs that are the same on every run: a small seeded generator (mulberry32). A test
 * that finds a failing input can name it, and the failure comes back on the next run.
 */

/** A generator of numbers in [0, 1), fixed by `seed`. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
