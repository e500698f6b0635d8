// SPDX-License-Identifier: Apache-2.0

/** Options of `LoginThrottle`. */
export interface LoginThrottleOptions {
  /** Failed sign-ins allowed within the window before the key is locked (default 5). */
  readonly maxFailures?: number
  /** The window failures are counted in, and how long a lock lasts, ms (default 15 minutes). */
  readonly windowMs?: number
  /** The clock (tests pass their own). */
  readonly now?: () => number
}

/**
 * Slows password guessing: after `maxFailures` failed sign-ins of one user name from one address
 * within the window, further attempts are refused until the window has passed since the last
 * failure. A success clears the count. Kept in memory: a restart forgets, which only ever
 * lets a person in sooner.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>()
  private readonly maxFailures: number
  private readonly windowMs: number
  private readonly now: () => number

  constructor({
    maxFailures = 5,
    windowMs = 15 * 60_000,
    now = Date.now,
  }: LoginThrottleOptions = {}) {
    this.maxFailures = maxFailures
    this.windowMs = windowMs
    this.now = now
  }

  /** Milliseconds until `key` may try again; 0 when it may now. */
  retryAfter(key: string): number {
    const recent = this.recent(key)
    if (recent.length < this.maxFailures) return 0
    return Math.max(0, recent[recent.length - 1]! + this.windowMs - this.now())
  }

  /** Records a failed attempt. */
  fail(key: string): void {
    const recent = this.recent(key)
    recent.push(this.now())
    this.failures.set(key, recent.slice(-this.maxFailures))
    if (this.failures.size > 10_000) this.prune()
  }

  /** Clears `key` after a successful sign-in. */
  succeed(key: string): void {
    this.failures.delete(key)
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs
    return (this.failures.get(key) ?? []).filter((t) => t > since)
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) {
      if (this.recent(key).length === 0) this.failures.delete(key)
    }
  }
}
