// SPDX-License-Identifier: Apache-2.0
import type { Role } from '@yibao/supervision'

/**
 * Who is asking: the actor name written to the audit log, the role, and for an institution user
 * the one institution whose records they may see. Every read of the review chain is scoped by it.
 */
export interface Viewer {
  /** `user:<name>`, `apikey:<name>` or `system`. */
  readonly actor: string
  readonly role: Role | 'system'
  readonly institutionCode: string | null
}

/** The system itself (deadline expiry, background jobs). */
export const SYSTEM: Viewer = { actor: 'system', role: 'system', institutionCode: null }

/** The institution a viewer is limited to, or null when they see every institution. */
export function scopeOf(viewer: Viewer): string | null {
  return viewer.role === 'institution' ? (viewer.institutionCode ?? '\u0000none') : null
}
