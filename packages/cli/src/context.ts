// SPDX-License-Identifier: Apache-2.0
import type { IsoDate } from '@yibao/domain'
import { badRequest, dateOf, fromEpochMs, notFound, OutcomeError } from '@yibao/domain'
import type { KnowledgePack } from '@yibao/knowledge'
import {
  Knowledge,
  loadBuiltinPack,
  parsePack,
  selectPackVersion,
  serializePack,
} from '@yibao/knowledge'
import type { YibaoConfig } from '@yibao/server'
import { loadConfig } from '@yibao/server'
import type { Database } from '@yibao/storage'
import {
  listPackVersions,
  loadPackContent,
  migrate,
  openDatabase,
  savePackVersion,
} from '@yibao/storage'
import os from 'node:os'
import type { CliIo } from './io.js'

/** An opened data directory (or server): database migrated, knowledge loaded. */
export interface CliContext {
  readonly config: YibaoConfig
  readonly db: Database
  readonly knowledge: Knowledge
  readonly pack: KnowledgePack
}

/** Today in Asia/Shanghai. */
export function today(): IsoDate {
  return dateOf(fromEpochMs(Date.now()))
}

/**
 * Reads the config (environment + `--dir`), opens and migrates the database, makes sure the
 * built-in knowledge pack is stored as a version, and loads the pack in force today.
 */
export async function openContext(io: CliIo, dir: string | undefined): Promise<CliContext> {
  const { config, problems } = loadConfig(io.env, dir === undefined ? {} : { dataDir: dir })
  if (problems.length > 0) throw new OutcomeError(badRequest(`配置有误：${problems.join('；')}`))
  const db = await openDatabase({ url: config.databaseUrl, dir: config.dataDir })
  try {
    await migrate(db)
    await installBuiltinPack(db)
    const pack = await loadPackAt(db, today())
    return { config, db, pack, knowledge: new Knowledge(pack) }
  } catch (err) {
    await db.close()
    throw err
  }
}

/** Stores the pack shipped with this version of yibao, unless that version is already stored. */
export async function installBuiltinPack(db: Database): Promise<void> {
  const builtin = loadBuiltinPack()
  const versions = await listPackVersions(db)
  if (versions.some((v) => v.version === builtin.version)) return
  await savePackVersion(db, {
    version: builtin.version,
    effectiveFrom: builtin.effectiveFrom,
    builtAt: builtin.builtAt,
    sources: builtin.sources,
    content: serializePack(builtin),
  })
}

/** The stored pack version in force on `date` (the latest whose effective date has come). */
export async function loadPackAt(db: Database, date: IsoDate): Promise<KnowledgePack> {
  const versions = await listPackVersions(db)
  // Before the first version takes effect, the earliest version answers (versions come in
  // effective-date order).
  const chosen = selectPackVersion(versions, date) ?? versions[0]
  if (!chosen) throw new OutcomeError(notFound('没有可用的知识包版本'))
  if (chosen.version === loadBuiltinPack().version) return loadBuiltinPack()
  const content = await loadPackContent(db, chosen.version)
  return parsePack(content)
}

/** Who a command acts as in the audit log: the operating-system user at this machine. */
export function cliActor(): string {
  let user = 'unknown'
  try {
    user = os.userInfo().username
  } catch {
    // No user entry (some containers): keep "unknown".
  }
  return `cli:${user}@${os.hostname()}`
}
