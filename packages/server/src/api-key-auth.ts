// SPDX-License-Identifier: Apache-2.0
import type { IncomingHttpHeaders } from 'node:http'
import type { ApiKeyOwner, Queryable } from '@yibao/storage'
import { verifyApiKey } from '@yibao/storage'

declare module 'fastify' {
  interface FastifyRequest {
    /** The owner of the API key the request was authenticated with (null before / without). */
    apiKey: ApiKeyOwner | null
  }
}

/** Longest header value taken for a key: anything longer is refused without hashing it. */
const MAX_KEY_LENGTH = 256

/**
 * The API key a request presents: header `X-API-Key`, else `Authorization: Bearer <key>`.
 *
 * @returns the key, or null when none is given
 */
export function presentedApiKey(headers: IncomingHttpHeaders): string | null {
  const direct = headers['x-api-key']
  const value = Array.isArray(direct) ? direct[0] : direct
  if (value !== undefined && value.trim() !== '') return value.trim()
  const auth = headers.authorization
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth)
    if (m) return m[1]!
  }
  return null
}

/**
 * Verifies API keys against the database and remembers good ones for a while, so that the
 * real-time path does not query the database on every call. A key revoked in the database is
 * therefore still accepted by this process for at most `ttlMs` after it was last verified
 * (`YIBAO_API_KEY_CACHE_SECONDS`, default 30 s); unknown and revoked keys are never cached, so a
 * new key works at once.
 */
export class ApiKeyVerifier {
  private readonly cache = new Map<string, { owner: ApiKeyOwner; until: number }>()

  /**
   * @param db - the database holding the keys
   * @param ttlMs - how long a verified key is trusted (0: ask the database every time)
   * @param maxEntries - cache size; the cache is emptied when it would grow beyond it
   */
  constructor(
    private readonly db: Queryable,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000
  ) {}

  /**
   * The owner of a key, or null for an unknown, revoked or malformed one.
   *
   * @param key - the key as presented
   */
  async verify(key: string): Promise<ApiKeyOwner | null> {
    if (key.length > MAX_KEY_LENGTH) return null
    const now = Date.now()
    const hit = this.cache.get(key)
    if (hit !== undefined && hit.until > now) return hit.owner
    const owner = await verifyApiKey(this.db, key)
    if (owner === null) {
      this.cache.delete(key)
      return null
    }
    if (this.ttlMs > 0) {
      if (this.cache.size >= this.maxEntries) this.cache.clear()
      this.cache.set(key, { owner, until: now + this.ttlMs })
    }
    return owner
  }

  /** Forgets every remembered key (e.g. right after revoking one in this process). */
  forget(): void {
    this.cache.clear()
  }
}
