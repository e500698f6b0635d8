// SPDX-License-Identifier: Apache-2.0
import { createHash, randomBytes } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import type { Timestamp } from '@yibao/domain'
import { badRequest, conflict, OutcomeError } from '@yibao/domain'
import type { Role } from '@yibao/supervision'
import { isRole } from '@yibao/supervision'
import { appendAuditLog } from './audit-log.js'
import type { Queryable } from './database.js'

/** A person who signs in, without the password hash. */
export interface User {
  readonly id: string
  readonly username: string
  readonly displayName: string
  readonly role: Role
  /** The institution of an institution user; null for bureau staff. */
  readonly institutionCode: string | null
  /** A demo account (refused when the server runs in production mode). */
  readonly demo: boolean
  readonly createdAt: Timestamp
  readonly disabledAt: Timestamp | null
}

/** What creating a user takes. */
export interface NewUser {
  readonly username: string
  readonly displayName: string
  readonly role: Role
  readonly institutionCode?: string | null | undefined
  readonly password: string
  readonly demo?: boolean | undefined
}

/** Shortest password accepted (demo accounts excepted). */
export const MIN_PASSWORD_LENGTH = 10

const USERNAME = /^[A-Za-z0-9_.@-]{2,64}$/

const SELECT_USER = `SELECT id, username, display_name AS "displayName", role,
  institution_code AS "institutionCode", demo, created_at AS "createdAt", disabled_at AS "disabledAt"
  FROM app_user`

/**
 * Creates a user with an argon2id hash of the password. Refuses, naming the field, a bad user
 * name, an unknown role, a role and institution that do not go together, a short password or a
 * user name already taken (409).
 *
 * @param db - the database
 * @param input - the user
 * @returns the stored user
 */
export async function createUser(db: Queryable, input: NewUser): Promise<User> {
  const bad = (path: string, message: string): never => {
    throw new OutcomeError(badRequest(`${path}：${message}`, path))
  }
  if (!USERNAME.test(input.username)) bad('username', '应为 2–64 位字母、数字或 _ . @ -')
  if (input.displayName.trim() === '') bad('displayName', '不能为空')
  if (!isRole(input.role)) bad('role', `未知角色 ${String(input.role)}`)
  const institution = input.institutionCode?.trim() || null
  if (input.role === 'institution' && institution === null) {
    bad('institutionCode', '机构用户须指定所属机构')
  }
  if (input.role !== 'institution' && institution !== null) {
    bad('institutionCode', '只有机构用户属于某一机构')
  }
  if (!input.demo && input.password.length < MIN_PASSWORD_LENGTH) {
    bad('password', `至少 ${MIN_PASSWORD_LENGTH} 个字符`)
  }
  if (institution !== null) {
    const found = await db.query('SELECT 1 FROM institution WHERE code = $1', [institution])
    if (found.length === 0) bad('institutionCode', `没有编码为 ${institution} 的机构`)
  }
  const existing = await db.query('SELECT 1 FROM app_user WHERE username = $1', [input.username])
  if (existing.length > 0) {
    throw new OutcomeError(conflict(`用户名 ${input.username} 已存在`, 'username'))
  }
  const id = `U${randomBytes(6).toString('hex')}`
  await db.query(
    `INSERT INTO app_user (id, username, display_name, role, institution_code, password_hash, demo)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      id,
      input.username,
      input.displayName.trim(),
      input.role,
      institution,
      await hash(input.password),
      input.demo ?? false,
    ]
  )
  return (await findUser(db, id))!
}

/**
 * Disables a user (their sessions end at once) or enables them again.
 *
 * @returns the user as stored, or undefined when there is none with this id
 */
export async function setUserDisabled(
  db: Queryable,
  id: string,
  disabled: boolean
): Promise<User | undefined> {
  await db.query(
    `UPDATE app_user SET disabled_at = ${disabled ? 'COALESCE(disabled_at, now())' : 'NULL'}
     WHERE id = $1`,
    [id]
  )
  if (disabled) await db.query('DELETE FROM user_session WHERE user_id = $1', [id])
  return findUser(db, id)
}

/**
 * Sets a user's password (stored as an argon2id hash). A demo account that gets its own password
 * stops being a demo account. Every session of the user ends, so the new password is needed.
 *
 * @returns the user, or undefined when there is none with this id
 */
export async function setUserPassword(
  db: Queryable,
  id: string,
  password: string
): Promise<User | undefined> {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
    throw new OutcomeError(badRequest(`password：至少 ${MIN_PASSWORD_LENGTH} 个字符`, 'password'))
  }
  const updated = await db.query(
    'UPDATE app_user SET password_hash = $2, demo = false WHERE id = $1 RETURNING id',
    [id, await hash(password)]
  )
  if (updated.length === 0) return undefined
  await db.query('DELETE FROM user_session WHERE user_id = $1', [id])
  return findUser(db, id)
}

/** A user by id. */
export async function findUser(db: Queryable, id: string): Promise<User | undefined> {
  const [row] = await db.query<Record<string, unknown>>(`${SELECT_USER} WHERE id = $1`, [id])
  return row === undefined ? undefined : toUser(row)
}

/** Every user, by user name. */
export async function listUsers(db: Queryable): Promise<User[]> {
  const rows = await db.query<Record<string, unknown>>(`${SELECT_USER} ORDER BY username`)
  return rows.map(toUser)
}

// A hash to verify against when the user does not exist, so that an unknown user name takes
// as long to refuse as a wrong password.
let decoyHash: Promise<string> | undefined

/**
 * Checks a user name and password. Disabled users, and demo accounts when `allowDemo` is false
 * (production), are refused like a wrong password.
 *
 * @returns the user, or undefined
 */
export async function verifyPassword(
  db: Queryable,
  username: string,
  password: string,
  options: { allowDemo: boolean }
): Promise<User | undefined> {
  const [row] = await db.query<Record<string, unknown>>(
    `SELECT password_hash, id FROM app_user WHERE username = $1`,
    [username]
  )
  if (row === undefined) {
    decoyHash ??= hash(randomBytes(16).toString('hex'))
    await verify(await decoyHash, password)
    return undefined
  }
  if (!(await verify(row['password_hash'] as string, password))) return undefined
  const user = await findUser(db, row['id'] as string)
  if (user === undefined || user.disabledAt !== null) return undefined
  if (user.demo && !options.allowDemo) return undefined
  return user
}

function toUser(row: Record<string, unknown>): User {
  return {
    id: row['id'] as string,
    username: row['username'] as string,
    displayName: row['displayName'] as string,
    role: row['role'] as Role,
    institutionCode: (row['institutionCode'] as string | null) ?? null,
    demo: row['demo'] === true,
    createdAt: row['createdAt'] as Timestamp,
    disabledAt: (row['disabledAt'] as Timestamp | null) ?? null,
  }
}

/** A signed-in session: the cookie's token (shown once) and the CSRF token. */
export interface NewSession {
  readonly token: string
  readonly csrfToken: string
  readonly expiresAt: Timestamp
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/**
 * Opens a session for a user. Only the token's sha256 is stored.
 *
 * @param ttlSeconds - lifetime
 */
export async function createSession(
  db: Queryable,
  userId: string,
  ttlSeconds: number
): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url')
  const csrfToken = randomBytes(24).toString('base64url')
  const [row] = await db.query<{ expires_at: Timestamp }>(
    `INSERT INTO user_session (token_hash, user_id, csrf_token, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(secs => $4)) RETURNING expires_at`,
    [sha256Hex(token), userId, csrfToken, ttlSeconds]
  )
  return { token, csrfToken, expiresAt: row!.expires_at }
}

/** The user and CSRF token of a live session, or undefined (unknown, expired, user disabled). */
export async function readSession(
  db: Queryable,
  token: string
): Promise<{ user: User; csrfToken: string } | undefined> {
  const [row] = await db.query<{ user_id: string; csrf_token: string }>(
    `SELECT user_id, csrf_token FROM user_session WHERE token_hash = $1 AND expires_at > now()`,
    [sha256Hex(token)]
  )
  if (row === undefined) return undefined
  const user = await findUser(db, row.user_id)
  if (user === undefined || user.disabledAt !== null) return undefined
  return { user, csrfToken: row.csrf_token }
}

/** Ends a session (logout). */
export async function deleteSession(db: Queryable, token: string): Promise<void> {
  await db.query('DELETE FROM user_session WHERE token_hash = $1', [sha256Hex(token)])
}

/** The password of every demo account. */
export const DEMO_PASSWORD = 'yibao-demo'

/** The bureau's demo accounts: one per role, named after it. */
const DEMO_STAFF: readonly { role: Exclude<Role, 'institution'>; name: string }[] = [
  { role: 'admin', name: '系统管理员（演示）' },
  { role: 'auditor', name: '审核员（演示）' },
  { role: 'reviewer', name: '复审员（演示）' },
  { role: 'inspector', name: '稽核员（演示）' },
  { role: 'report_handler', name: '举报受理员（演示）' },
  { role: 'fund_manager', name: '基金管理员（演示）' },
]

/**
 * Creates the demo accounts that do not exist yet: `admin`, `auditor`, `reviewer`, `inspector`,
 * `report_handler`, `fund_manager`, and `inst-<code>` for each institution, all with
 * `DEMO_PASSWORD` and marked demo (refused in production mode).
 *
 * @returns the user names of every demo account, bureau first
 */
export async function ensureDemoAccounts(db: Queryable): Promise<string[]> {
  const institutions = await db.query<{ code: string; name: string }>(
    'SELECT code, name FROM institution ORDER BY code COLLATE "C"'
  )
  const wanted = [
    ...DEMO_STAFF.map((s) => ({
      username: s.role,
      displayName: s.name,
      role: s.role,
      institutionCode: null as string | null,
    })),
    ...institutions.map((i) => ({
      username: `inst-${i.code}`,
      displayName: i.name,
      role: 'institution',
      institutionCode: i.code,
    })),
  ]
  const existing = new Set(
    (await db.query<{ username: string }>('SELECT username FROM app_user')).map((r) => r.username)
  )
  const missing = wanted.filter((w) => !existing.has(w.username))
  if (missing.length > 0) {
    // One hash serves every demo account: they share the password anyway.
    const passwordHash = await hash(DEMO_PASSWORD)
    for (const w of missing) {
      await db.query(
        `INSERT INTO app_user (id, username, display_name, role, institution_code, password_hash, demo)
         VALUES ($1, $2, $3, $4, $5, $6, true) ON CONFLICT (username) DO NOTHING`,
        [
          `U${randomBytes(6).toString('hex')}`,
          w.username,
          w.displayName,
          w.role,
          w.institutionCode,
          passwordHash,
        ]
      )
    }
    await appendAuditLog(db, {
      actor: 'system',
      action: 'user.demo-accounts',
      target: 'demo',
      detail: { created: missing.map((w) => w.username) },
    })
  }
  return wanted.map((w) => w.username)
}
