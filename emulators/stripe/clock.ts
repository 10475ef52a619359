// The emulator's "now": real time plus an offset that tests move forward (unix seconds).

export class Clock {
  private frozen: number | null = null;

  constructor(public offsetSeconds = 0) {}

  realNow(): number {
    return Math.floor(Date.now() / 1000);
  }

  now(): number {
    return this.frozen ?? this.realNow() + this.offsetSeconds;
  }

  advance(seconds: number): void {
    this.offsetSeconds += Math.trunc(seconds);
  }

  set(unixSeconds: number): void {
    this.offsetSeconds = Math.trunc(unixSeconds) - this.realNow();
  }

  /** Runs `fn` as if it were `at` (used to date what happened at a period end while the clock jumped past it). */
  runAt<T>(at: number, fn: () => T): T {
    const before = this.frozen;
    this.frozen = at;
    try {
      return fn();
    } finally {
      this.frozen = before;
    }
  }
}
