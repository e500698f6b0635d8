// SPDX-License-Identifier: Apache-2.0
// Test support for the HTTP API: a server on 127.0.0.1 over a given database, and a signed-in
// client that keeps the session cookie and sends the CSRF token, as the console does.
import type { FastifyInstance } from 'fastify'
import { Knowledge, loadBuiltinPack } from '@yibao/knowledge'
import type { Database } from '@yibao/storage'
import { createApp } from './app.js'
import { loadConfig } from './config.js'

/** A running test server. */
export interface TestServer {
  readonly app: FastifyInstance
  /** `http://127.0.0.1:<port>`. */
  readonly base: string
  close(): Promise<void>
}

let knowledge: Knowledge | undefined

/**
 * Starts the application on a free port of 127.0.0.1 over `db`.
 *
 * @param db - the database (migrated)
 * @param options - environment overrides (`YIBAO_ENV`…) and a clock for the review deadlines
 */
export async function startTestServer(
  db: Database,
  options: { env?: Record<string, string>; clock?: () => Date } = {}
): Promise<TestServer> {
  knowledge ??= new Knowledge(loadBuiltinPack())
  const { config } = loadConfig({ YIBAO_LOG_LEVEL: 'warn', ...options.env }, {})
  const app = await createApp({
    db,
    knowledge,
    pack: { version: knowledge.pack.version, effectiveFrom: knowledge.pack.effectiveFrom },
    config,
    clock: options.clock,
  })
  const base = await app.listen({ host: '127.0.0.1', port: 0 })
  return { app, base, close: () => app.close() }
}

/** A response: status and body (JSON when it is JSON, else text). */
export interface TestResponse<T = any> {
  readonly status: number
  readonly body: T
}

/** An HTTP client with a console session (or none, for anonymous calls). */
export class TestClient {
  private cookie: string | null = null
  private csrf: string | null = null

  constructor(readonly base: string) {}

  /** Signs in; throws when the server refuses. */
  static async login(base: string, username: string, password: string): Promise<TestClient> {
    const client = new TestClient(base)
    const res = await client.request('POST', '/api/v1/auth/login', { username, password })
    if (res.status !== 200) {
      throw new Error(`登录 ${username} 失败：${res.status} ${JSON.stringify(res.body)}`)
    }
    return client
  }

  /** Sends a request; `csrf: false` leaves out the CSRF header. */
  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    options: { csrf?: boolean } = {}
  ): Promise<TestResponse<T>> {
    const headers: Record<string, string> = {}
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (this.cookie !== null) headers['cookie'] = this.cookie
    if (this.csrf !== null && options.csrf !== false) headers['x-csrf-token'] = this.csrf
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const setCookie = res.headers.get('set-cookie')
    if (setCookie !== null) {
      const value = setCookie.split(';')[0]!
      this.cookie = value.endsWith('=') ? null : value
    }
    const type = res.headers.get('content-type') ?? ''
    const parsed = type.includes('application/json') ? await res.json() : await res.text()
    if (path === '/api/v1/auth/login' && res.status === 200) {
      this.csrf = (parsed as { csrfToken: string }).csrfToken
    }
    return { status: res.status, body: parsed as T }
  }

  /** A GET as a raw response (downloads), with the session cookie. */
  download(path: string): Promise<Response> {
    return fetch(`${this.base}${path}`, {
      headers: this.cookie === null ? {} : { cookie: this.cookie },
    })
  }

  get<T = any>(path: string): Promise<TestResponse<T>> {
    return this.request<T>('GET', path)
  }

  post<T = any>(path: string, body: unknown = {}): Promise<TestResponse<T>> {
    return this.request<T>('POST', path, body)
  }
}

export { testFinding } from '@yibao/storage'
