// A per-key limit on calls a minute: a fixed one-minute window per key, in this process's memory.
// Each key carries its own limit, which @fastify/rate-limit could only apply after our own key
// check anyway. With several app processes each counts on its own, so a client may get up to
// (processes x limit) a minute: a guard against a runaway client, not a billing meter.

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

const WINDOW_MS = 60_000;

export class PerKeyRateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly now: () => Date) {}

  take(keyId: string, limit: number): RateDecision {
    const at = this.now().getTime();
    let window = this.windows.get(keyId);
    if (!window || at - window.start >= WINDOW_MS) {
      this.prune(at);
      window = { start: at, count: 0 };
      this.windows.set(keyId, window);
    }
    const resetSeconds = Math.max(1, Math.ceil((window.start + WINDOW_MS - at) / 1000));
    if (window.count >= limit) return { allowed: false, limit, remaining: 0, resetSeconds };
    window.count += 1;
    return { allowed: true, limit, remaining: limit - window.count, resetSeconds };
  }

  /** Forgets finished windows, so keys no longer calling do not hold memory. */
  private prune(at: number): void {
    for (const [key, window] of this.windows) if (at - window.start >= WINDOW_MS) this.windows.delete(key);
  }
}
