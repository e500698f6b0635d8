// SPDX-License-Identifier: Apache-2.0

/**
 * Writes done after the answer has gone out, one after another: the real-time routes answer
 * first and store what they answered (3101/3102 results) right after, off the caller's clock.
 * Whoever reads those writes (3103 feedback) waits for `idle()` first, so within one process a
 * feedback always finds the results it refers to.
 */
export class BackgroundWrites {
  private tail: Promise<void> = Promise.resolve()
  private pending = 0

  /** @param onError - called with a failed write's error (the write is not retried) */
  constructor(private readonly onError: (err: unknown) => void) {}

  /** Queues a write after the ones already queued. */
  run(write: () => Promise<unknown>): void {
    this.pending++
    this.tail = this.tail
      .then(write)
      .then(
        () => undefined,
        (err: unknown) => {
          this.onError(err)
        }
      )
      .finally(() => {
        this.pending--
      })
  }

  /** Writes queued and not yet finished. */
  get size(): number {
    return this.pending
  }

  /** Resolves when every write queued so far has finished (successfully or not). */
  idle(): Promise<void> {
    return this.tail
  }
}
