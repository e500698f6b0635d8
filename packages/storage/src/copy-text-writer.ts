// SPDX-License-Identifier: Apache-2.0
import { formatQuantity } from './copy-text.js'

const TAB = 9
const NEWLINE = 10
const CR = 13
const BACKSLASH = 92
/** Bytes per buffer; a buffer is handed out as a chunk when full. */
const CHUNK_BYTES = 1 << 20

/**
 * Writes PostgreSQL COPY text straight into UTF-8 byte buffers: no intermediate strings per
 * row or field, so a million rows create almost no garbage. Rows may span chunk boundaries;
 * COPY data is a byte stream.
 */
export class CopyTextWriter {
  #buf: Buffer = Buffer.allocUnsafe(CHUNK_BYTES)
  #pos = 0
  readonly #chunks: Uint8Array[] = []

  #ensure(bytes: number): void {
    if (this.#pos + bytes <= this.#buf.length) return
    if (this.#pos > 0) this.#chunks.push(this.#buf.subarray(0, this.#pos))
    this.#buf = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes))
    this.#pos = 0
  }

  /** Writes a string escaped for the text format (backslash, tab, newline, CR). */
  text(s: string): void {
    const n = s.length
    // Worst case: every UTF-16 unit becomes 3 bytes, or 2 when escaped.
    this.#ensure(n * 3)
    const buf = this.#buf
    let pos = this.#pos
    for (let i = 0; i < n; i++) {
      let c = s.charCodeAt(i)
      if (c < 0x80) {
        if (c === BACKSLASH) {
          buf[pos++] = BACKSLASH
          buf[pos++] = BACKSLASH
        } else if (c === TAB || c === NEWLINE || c === CR) {
          buf[pos++] = BACKSLASH
          buf[pos++] = c === TAB ? 116 /* t */ : c === NEWLINE ? 110 /* n */ : 114 /* r */
        } else buf[pos++] = c
      } else if (c < 0x800) {
        buf[pos++] = 0xc0 | (c >> 6)
        buf[pos++] = 0x80 | (c & 0x3f)
      } else {
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
          const d = s.charCodeAt(i + 1)
          if (d >= 0xdc00 && d <= 0xdfff) {
            c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
            i++
            buf[pos++] = 0xf0 | (c >> 18)
            buf[pos++] = 0x80 | ((c >> 12) & 0x3f)
            buf[pos++] = 0x80 | ((c >> 6) & 0x3f)
            buf[pos++] = 0x80 | (c & 0x3f)
            continue
          }
        }
        // A lone surrogate is written as U+FFFD, as TextEncoder does.
        if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd
        buf[pos++] = 0xe0 | (c >> 12)
        buf[pos++] = 0x80 | ((c >> 6) & 0x3f)
        buf[pos++] = 0x80 | (c & 0x3f)
      }
    }
    this.#pos = pos
  }

  /** Writes ASCII text that needs no escaping (numbers, `t`/`f`, `\N`). */
  ascii(s: string): void {
    const n = s.length
    this.#ensure(n)
    const buf = this.#buf
    let pos = this.#pos
    for (let i = 0; i < n; i++) buf[pos++] = s.charCodeAt(i)
    this.#pos = pos
  }

  /** Writes a safe integer. */
  int(value: number): void {
    this.ascii(String(value))
  }

  /** Writes a quantity with up to 4 decimals exactly (see `formatQuantity`). */
  quantity(value: number): void {
    this.ascii(Number.isInteger(value) ? String(value) : formatQuantity(value))
  }

  /** Writes one byte: a separator (tab, newline) or `t`/`f`. */
  byte(b: number): void {
    this.#ensure(1)
    this.#buf[this.#pos++] = b
  }

  /** The bytes written, as chunks. The writer must not be used afterwards. */
  finish(): Uint8Array[] {
    if (this.#pos > 0) this.#chunks.push(this.#buf.subarray(0, this.#pos))
    this.#pos = 0
    this.#buf = Buffer.alloc(0)
    return this.#chunks
  }
}
