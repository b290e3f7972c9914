/**
 * The delivery clock. Webhook retries, backoff and the 4-hour retry window are measured on it, so a
 * test can run hours of Graph's delivery behaviour in seconds by raising `timeScale`. Mailbox timestamps
 * (receivedDateTime, token expiry) stay on the wall clock.
 */
export class Clock {
  private readonly startReal = Date.now();
  constructor(readonly timeScale: number = 1) {
    if (!(timeScale > 0)) throw new Error(`timeScale must be a positive number, got ${timeScale}`);
  }

  /** Milliseconds on the scaled clock (starts at the wall-clock time the emulator started). */
  now(): number {
    return this.startReal + (Date.now() - this.startReal) * this.timeScale;
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
