// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto'

/** A new record id: a short prefix naming the kind (PS 拨付单, JF 记分…) and 16 random hex digits. */
export function newId(prefix: string): string {
  return `${prefix}${randomUUID().replaceAll('-', '').slice(0, 16).toUpperCase()}`
}
