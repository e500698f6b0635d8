// SPDX-License-Identifier: Apache-2.0
import { timingSafeEqual } from 'node:crypto'
import type { FastifyRequest, preHandlerHookHandler } from 'fastify'
import { forbidden, OutcomeError, unauthorized } from '@yibao/domain'
import type { Queryable, User, Viewer } from '@yibao/storage'
import { readSession } from '@yibao/storage'
import type { Permission } from '@yibao/supervision'
import { can } from '@yibao/supervision'

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user of a console session (null without one). */
    user: User | null
    /** The session's CSRF token, sent back by the console in `X-CSRF-Token`. */
    csrfToken: string | null
    /** The session token of the request's cookie. */
    sessionToken: string | null
  }
}

/** The session cookie's name. */
export const SESSION_COOKIE = 'yibao_session'

/** The cookies of a request (`Cookie: a=1; b=2`). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>()
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    const name = part.slice(0, eq).trim()
    const raw = part.slice(eq + 1).trim()
    try {
      out.set(name, decodeURIComponent(raw))
    } catch {
      out.set(name, raw)
    }
  }
  return out
}

/** The `Set-Cookie` value of a session (or of its removal when `token` is empty). */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(token)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${token === '' ? 0 : maxAgeSeconds}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ')
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * An `onRequest` hook that reads the session cookie into `request.user` / `request.csrfToken`.
 * It refuses nothing itself; `requireUser` does.
 */
export function sessionReader(db: Queryable) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = parseCookies(request.headers.cookie).get(SESSION_COOKIE)
    if (token === undefined || token === '' || token.length > 200) return
    const session = await readSession(db, token)
    if (session === undefined) return
    request.user = session.user
    request.csrfToken = session.csrfToken
    request.sessionToken = token
  }
}

/**
 * A `preHandler` that lets through only a signed-in user holding `permission` (any signed-in
 * user when none is named): 401 without a session, 403 without the permission or, on a
 * state-changing method, without the session's CSRF token in `X-CSRF-Token`.
 */
export function requireUser(permission?: Permission): preHandlerHookHandler {
  return (request, _reply, done) => {
    done(refusal(request, permission))
  }
}

/** Why a request may not go on (401 / 403), or undefined. */
function refusal(
  request: FastifyRequest,
  permission: Permission | undefined
): OutcomeError | undefined {
  const user = request.user
  if (user === null) return new OutcomeError(unauthorized)
  if (UNSAFE_METHODS.has(request.method)) {
    const header = request.headers['x-csrf-token']
    const sent = Array.isArray(header) ? header[0] : header
    if (sent === undefined || request.csrfToken === null || !sameToken(sent, request.csrfToken)) {
      return new OutcomeError({
        issues: [
          {
            severity: 'error',
            code: 'forbidden',
            message: '缺少或无效的 CSRF 令牌（X-CSRF-Token）',
          },
        ],
      })
    }
  }
  if (permission !== undefined && !can(user.role, permission)) {
    return new OutcomeError(forbidden)
  }
  return undefined
}

/** The viewer of a signed-in request, for scoped reads and the audit log. */
export function viewerOf(request: FastifyRequest): Viewer {
  const user = request.user
  if (user === null) throw new OutcomeError(unauthorized)
  return { actor: `user:${user.username}`, role: user.role, institutionCode: user.institutionCode }
}
