// SPDX-License-Identifier: Apache-2.0
import type { CliIo } from './io.js'

/**
 * A progress bar on stderr. On a terminal it redraws one line; otherwise (CI, pipes) it prints a
 * line at most every `intervalMs` and at each 10 % step, so logs stay readable.
 */
export class Progress {
  readonly #io: CliIo
  readonly #label: string
  #total: number
  #done = 0
  #lastPrint = 0
  #lastDecile = -1
  readonly #startedAt = Date.now()
  readonly #tty: boolean
  readonly #intervalMs: number
  #finished = false

  constructor(io: CliIo, label: string, total: number, intervalMs = 2000) {
    this.#io = io
    this.#label = label
    this.#total = total
    this.#tty = io.stderr.isTTY === true
    this.#intervalMs = intervalMs
  }

  /** Sets the total when it becomes known. */
  setTotal(total: number): void {
    this.#total = total
  }

  /** Advances by `n` units. */
  tick(n = 1): void {
    this.update(this.#done + n)
  }

  /** Sets the number of units done. */
  update(done: number): void {
    this.#done = done
    const now = Date.now()
    const decile = this.#total > 0 ? Math.floor((10 * done) / this.#total) : -1
    if (this.#tty) {
      if (now - this.#lastPrint >= 100) {
        this.#lastPrint = now
        this.#io.stderr.write(`\r${this.#line()}\x1b[K`)
      }
    } else if (now - this.#lastPrint >= this.#intervalMs || decile > this.#lastDecile) {
      this.#lastPrint = now
      this.#lastDecile = decile
      this.#io.stderr.write(this.#line() + '\n')
    }
  }

  /** Prints the final line. */
  done(note = ''): void {
    if (this.#finished) return
    this.#finished = true
    if (this.#total > 0) this.#done = Math.max(this.#done, this.#total)
    const secs = ((Date.now() - this.#startedAt) / 1000).toFixed(1)
    const line = `${this.#line()} 完成，用时 ${secs} 秒${note ? '，' + note : ''}`
    this.#io.stderr.write(this.#tty ? `\r${line}\x1b[K\n` : line + '\n')
  }

  #line(): string {
    if (this.#total <= 0) return `${this.#label} ${this.#done.toLocaleString('en-US')}`
    const ratio = Math.min(1, this.#done / this.#total)
    const width = 24
    const filled = Math.round(ratio * width)
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled)
    return `${this.#label} ${bar} ${(ratio * 100).toFixed(0).padStart(3)}% ${this.#done.toLocaleString('en-US')}/${this.#total.toLocaleString('en-US')}`
  }
}
