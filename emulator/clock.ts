/**
 * The delivery clock. Webhook retries, backoff and the 4-hour retry window are measured on it, so a
 * test can run hours of Graph's delivery behaviour in seconds by raising `timeScale`. Mailbox timestamps
 * (receivedDateTime, token expiry) stay on the wall clock.
 */
export class Clock {
  private readonly startReal = Date.now();
  /** How far the clock was moved forward by hand (POST /_emulator/clock/advance). */
  private advancedMs = 0;
  constructor(readonly timeScale: number = 1) {
    if (!(timeScale > 0)) throw new Error(`timeScale must be a positive number, got ${timeScale}`);
  }

  /** Milliseconds on the scaled clock (starts at the wall-clock time the emulator started). */
  now(): number {
    return this.startReal + (Date.now() - this.startReal) * this.timeScale + this.advancedMs;
  }

  /**
   * Moves the clock forward by `scaledMs` at once (a test's "an hour later"). What compares against now()
   * sees the jump (deferred sends, automatic-reply schedules); timers already waiting (sleep, after) keep
   * the real-time wait they started with.
   */
  advance(scaledMs: number): void {
    if (!(scaledMs >= 0) || !Number.isFinite(scaledMs)) {
      throw new Error(`advance takes a non-negative number of milliseconds, got ${scaledMs}`);
    }
    this.advancedMs += scaledMs;
  }

  /** Waits `scaledMs` on the scaled clock. */
  sleep(scaledMs: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, scaledMs / this.timeScale)).unref?.());
  }

  /** Runs `fn` after `scaledMs` on the scaled clock; returns a cancel function. */
  after(scaledMs: number, fn: () => void): () => void {
    const timer = setTimeout(fn, Math.max(0, scaledMs / this.timeScale));
    timer.unref?.();
    return () => clearTimeout(timer);
  }
}
