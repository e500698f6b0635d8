// SPDX-License-Identifier: Apache-2.0

/** Options of `BackgroundWrites`. */
export interface BackgroundWritesOptions {
  /**
   * How long rows wait for others before they are written, ms: at a thousand requests a second
   * one statement then carries the rows of a few requests instead of one, which saves both the
   * application and the database most of the per-statement work.
   */
  readonly delayMs?: number
  /** Rows that are written at once without waiting for the delay. */
  readonly maxRows?: number
}

/**
 * Rows written after the answer has gone out: the real-time routes answer first and store what
 * they answered (3101/3102 results) right after, off the caller's clock. The rows of requests
 * that arrive within `delayMs` of each other are written together in one call of `write`, one
 * call after another. Whoever reads those rows (3103 feedback) waits for `idle()` first, which
 * writes what is waiting at once, so within one process a feedback always finds the results it
 * refers to.
 */
export class BackgroundWrites<T> {
  private waiting: (readonly T[])[] = []
  private waitingRows = 0
  private timer: NodeJS.Timeout | null = null
  private tail: Promise<void> = Promise.resolve()
  private pending = 0
  private readonly delayMs: number
  private readonly maxRows: number

  /**
   * @param write - writes rows (of one or more requests)
   * @param onError - called with a failed write's error (the write is not retried)
   * @param options - how long rows wait for others, and how many are written at once
   */
  constructor(
    private readonly write: (rows: readonly T[]) => Promise<unknown>,
    private readonly onError: (err: unknown) => void,
    { delayMs = 5, maxRows = 2000 }: BackgroundWritesOptions = {}
  ) {
    this.delayMs = delayMs
    this.maxRows = maxRows
  }

  /** Queues the rows of one request, written after those already queued. */
  add(rows: readonly T[]): void {
    if (rows.length === 0) return
    this.waiting.push(rows)
    this.waitingRows += rows.length
    this.pending += rows.length
    if (this.waitingRows >= this.maxRows || this.delayMs <= 0) this.flush()
    else {
      this.timer ??= setTimeout(() => {
        this.flush()
      }, this.delayMs)
    }
  }

  /** Rows queued and not yet written. */
  get size(): number {
    return this.pending
  }

  /** Resolves when every row queued so far has been written (or its write has failed). */
  idle(): Promise<void> {
    this.flush()
    return this.tail
  }

  /** Starts writing what is waiting, after the writes already started. */
  private flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer)
      this.timer = null
    }
    if (this.waiting.length === 0) return
    const groups = this.waiting
    this.waiting = []
    this.waitingRows = 0
    this.tail = this.tail.then(() => this.writeGroups(groups))
  }

  /**
   * Writes the rows of several requests in one call; when that fails, each request's rows alone,
   * so that one bad request does not lose the others' rows.
   */
  private async writeGroups(groups: readonly (readonly T[])[]): Promise<void> {
    const rows = groups.length === 1 ? groups[0]! : groups.flat()
    try {
      await this.write(rows)
    } catch (err) {
      if (groups.length === 1) this.onError(err)
      else {
        for (const group of groups) {
          try {
            await this.write(group)
          } catch (groupErr) {
            this.onError(groupErr)
          }
        }
      }
    } finally {
      this.pending -= rows.length
    }
  }
}
