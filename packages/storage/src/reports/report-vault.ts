// SPDX-License-Identifier: Apache-2.0
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { OutcomeError, unavailable } from '@yibao/domain'
import type { Queryable } from '../database.js'
import { getMeta } from '../meta.js'

/** Where the key of reporters' identities comes from. */
export interface ReportKeyOptions {
  /** The configured key (`YIBAO_REPORT_KEY`): 32 bytes, base64. */
  readonly key?: string | undefined
  /**
   * Production mode: the key must be configured, and no report is taken without it. Elsewhere a
   * random key is made once per database and kept in its `meta` table.
   */
  readonly production: boolean
}

/** The `meta` key of the database's own key (non-production only). */
export const REPORT_KEY_META = 'reports.identityKey'

const IV_BYTES = 12
const TAG_BYTES = 16

interface Key {
  readonly bytes: Buffer
  /** The first bytes of the key's sha256, stored beside what it encrypted. */
  readonly id: string
}

function keyOf(base64: string, origin: string): Key {
  const text = base64.trim()
  const bytes = Buffer.from(text, 'base64')
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text) || bytes.length !== 32) {
    throw new OutcomeError(unavailable(`${origin} 应为 32 字节密钥的 base64 编码`))
  }
  return { bytes, id: createHash('sha256').update(bytes).digest('hex').slice(0, 12) }
}

/**
 * Encrypts and decrypts reporters' identities (AES-256-GCM, a fresh IV each time, the report,
 * reporter and field bound in as associated data so that a value cannot be moved to another
 * row). The key is read once, when first needed.
 */
export class ReportVault {
  private key: Promise<Key> | undefined

  /**
   * @param db - the database whose `meta` holds the non-production key
   * @param options - the configured key and the mode
   */
  constructor(
    private readonly db: Queryable,
    private readonly options: ReportKeyOptions
  ) {}

  /** Refuses (503) when there is no usable key: in production, when none is configured. */
  async ready(): Promise<void> {
    await this.current()
  }

  /** `text` encrypted for `context` (e.g. `JB…/1/name`): iv ‖ tag ‖ ciphertext. */
  async seal(text: string, context: string): Promise<{ keyId: string; sealed: Buffer }> {
    const key = await this.current()
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', key.bytes, iv)
    cipher.setAAD(Buffer.from(context, 'utf8'))
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
    return { keyId: key.id, sealed: Buffer.concat([iv, cipher.getAuthTag(), body]) }
  }

  /** The text of a sealed value; refuses (503) one sealed with another key or altered. */
  async open(sealed: Uint8Array, keyId: string, context: string): Promise<string> {
    const key = await this.current()
    if (keyId !== key.id) {
      throw new OutcomeError(
        unavailable(`举报人信息由另一密钥（${keyId}）加密，当前密钥为 ${key.id}，无法解密`)
      )
    }
    const data = Buffer.from(sealed)
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, data.subarray(0, IV_BYTES))
    decipher.setAAD(Buffer.from(context, 'utf8'))
    decipher.setAuthTag(data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
    try {
      return Buffer.concat([
        decipher.update(data.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8')
    } catch (err) {
      throw new OutcomeError(unavailable(`举报人信息校验失败（${context}）`), err)
    }
  }

  private current(): Promise<Key> {
    this.key ??= this.load().catch((err: unknown) => {
      this.key = undefined
      throw err
    })
    return this.key
  }

  private async load(): Promise<Key> {
    if (this.options.key !== undefined && this.options.key.trim() !== '') {
      return keyOf(this.options.key, 'YIBAO_REPORT_KEY')
    }
    if (this.options.production) {
      throw new OutcomeError(
        unavailable(
          '生产环境未配置 YIBAO_REPORT_KEY（32 字节 base64），不受理举报、不解密举报人信息'
        )
      )
    }
    // Two first uses at once: the first insert wins and both read it back.
    await this.db.query(
      `INSERT INTO meta (key, value) VALUES ($1, $2::text::jsonb) ON CONFLICT (key) DO NOTHING`,
      [REPORT_KEY_META, JSON.stringify(randomBytes(32).toString('base64'))]
    )
    const stored = await getMeta<string>(this.db, REPORT_KEY_META)
    return keyOf(stored ?? '', `meta.${REPORT_KEY_META}`)
  }
}
