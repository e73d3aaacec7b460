/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) with the draws the demo generator needs.
 * Math.random cannot be seeded, and the demo must be byte-for-byte the same for a seed on every
 * machine, so everything here is plain 32-bit integer arithmetic.
 */

/** FNV-1a over a label: how a named stream gets its own seed. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: number) {
    const init = splitmix32(seed);
    this.a = init();
    this.b = init();
    this.c = init();
    this.d = init();
    // The first outputs of sfc32 still echo the seed; the reference implementation skips them.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /**
   * An independent stream for one part of the story, so that drawing more numbers for one dataset
   * never shifts the values of another.
   */
  fork(label: string): Random {
    return new Random((Math.imul(this.seed ^ 0x5bd1e995, 0x27d4eb2d) ^ hashLabel(label)) >>> 0);
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** A whole number in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  between(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One of `items`, with probability proportional to `weight(item)`. */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    let total = 0;
    for (const it of items) total += weight(it);
    let x = this.next() * total;
    for (const it of items) {
      x -= weight(it);
      if (x < 0) return it;
    }
    return items[items.length - 1] as T;
  }

  /** Standard normal, by Box-Muller. */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Log-normal with the given median and spread (sigma of the log). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** A Poisson count: Knuth's method for small means, the normal approximation above 30. */
  poisson(mean: number): number {
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}

/** A weighted choice prepared once, for hot loops (a million rows): one draw and a short scan. */
export class WeightedTable<T> {
  private readonly items: readonly T[];
  private readonly bounds: Float64Array;

  constructor(items: readonly T[], weight: (item: T) => number) {
    if (items.length === 0) throw new Error('a weighted table needs items');
    this.items = items;
    this.bounds = new Float64Array(items.length);
    let total = 0;
    items.forEach((it, i) => (this.bounds[i] = total += weight(it)));
    for (let i = 0; i < items.length; i++) this.bounds[i]! /= total;
  }

  pick(rng: Random): T {
    const x = rng.next();
    const b = this.bounds;
    for (let i = 0; i < b.length - 1; i++) if (x < b[i]!) return this.items[i]!;
    return this.items[b.length - 1]!;
  }
}
