// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto'

/**
 * A new record id: a short prefix naming the kind (PS 拨付单, JF 记分…) and random upper-case hex
 * digits.
 *
 * @param prefix - the prefix, kept as given
 * @param digits - how many random hex digits follow it (at most 32); 16 unless told
 */
export function newId(prefix: string, digits = 16): string {
  return `${prefix}${randomUUID().replaceAll('-', '').slice(0, digits).toUpperCase()}`
}
