// Seeded randomness for the generator: the same seed gives the same council-year, row for row.
// mulberry32 is small, fast and good enough for test data (not for anything secret).

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  chance(p: number): boolean;
  between(low: number, high: number): number;
  pick<T>(items: readonly T[]): T;
}

/** A 32-bit hash of a string and a number (FNV-1a): seeds per table and per standard. */
export function hash32(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

export function seeded(seed: number): Random {
  let state = hash32('charterdesk', seed) || 1;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    between: (low, high) => low + next() * (high - low),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}

/** A weighted choice, its cumulative weights worked out once. */
export function weighted<T>(entries: readonly (readonly [T, number])[]): (random: Random) => T {
  const live = entries.filter(([, w]) => w > 0);
  if (live.length === 0) throw new Error('weighted: no entry has a weight');
  const total = live.reduce((sum, [, w]) => sum + w, 0);
  const cumulative: number[] = [];
  let running = 0;
  for (const [, w] of live) cumulative.push((running += w / total));
  return (random) => {
    const u = random.next();
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! > u) high = mid;
      else low = mid + 1;
    }
    return live[low]![0];
  };
}

/** A version-4-shaped UUID made of the seed's hash, a table tag and a row number: deterministic and unique per seed. */
export function generatedId(seedHash: number, tag: number, n: number): string {
  return `${seedHash.toString(16).padStart(8, '0')}-${tag.toString(16).padStart(4, '0')}-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
