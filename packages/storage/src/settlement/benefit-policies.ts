// SPDX-License-Identifier: Apache-2.0
import type { IsoDate } from '@yibao/domain'
import { badRequest, OutcomeError } from '@yibao/domain'
import type { BenefitPolicy } from '@yibao/settlement'
import { policyFromDocument, policyToDocument } from '@yibao/settlement'
import type { Database, Queryable } from '../database.js'
import type { Viewer } from '../review/viewer.js'
import type { DocumentKind, StoredVersion } from '../versioned-documents.js'
import {
  activateVersion,
  activeVersions,
  listVersions,
  readVersion,
  saveDraftVersion,
} from '../versioned-documents.js'

/** Benefit policies as versioned documents. */
export const BENEFIT_POLICIES: DocumentKind<BenefitPolicy> = {
  table: 'benefit_policy',
  label: '政策版本',
  action: 'policy',
  fromDocument: policyFromDocument,
  toDocument: policyToDocument,
  effective: (p) => ({ from: p.effectiveFrom, to: p.effectiveTo }),
}

/** A stored policy version and its bookkeeping. */
export type StoredPolicy = StoredVersion<BenefitPolicy>

/** Every policy version, newest year first, the active one of a year first. */
export function listBenefitPolicies(db: Queryable): Promise<StoredPolicy[]> {
  return listVersions(db, BENEFIT_POLICIES)
}

/** One policy version, or undefined. */
export function readBenefitPolicy(db: Queryable, id: string): Promise<StoredPolicy | undefined> {
  return readVersion(db, BENEFIT_POLICIES, id)
}

/** Stores a policy version as a draft (see `saveDraftVersion`). */
export function saveDraftPolicy(db: Database, doc: unknown, viewer: Viewer): Promise<StoredPolicy> {
  return saveDraftVersion(db, BENEFIT_POLICIES, doc, viewer)
}

/** Activates a draft policy, retiring the one active until then (see `activateVersion`). */
export function activatePolicy(db: Database, id: string, viewer: Viewer): Promise<StoredPolicy> {
  return activateVersion(db, BENEFIT_POLICIES, id, viewer)
}

/**
 * The policies in force, by region and year: the active version of the region, else the active
 * `*` version. Loaded once for a run over many settlements.
 */
export class PoliciesInForce {
  private constructor(private readonly active: ReadonlyMap<string, BenefitPolicy>) {}

  /** Reads the active versions. */
  static async load(db: Queryable): Promise<PoliciesInForce> {
    return new PoliciesInForce(await activeVersions(db, BENEFIT_POLICIES))
  }

  /** The policy of a region on a date, or undefined when none is active. */
  on(admdvs: string, date: IsoDate): BenefitPolicy | undefined {
    const year = Number(date.slice(0, 4))
    const p = this.active.get(`${admdvs}|${year}`) ?? this.active.get(`*|${year}`)
    if (p === undefined) return undefined
    if (date < p.effectiveFrom || (p.effectiveTo !== null && date > p.effectiveTo)) return undefined
    return p
  }

  /** The policy of a region for a year (its first day in force), or refuses naming both. */
  forYear(admdvs: string, year: number): BenefitPolicy {
    const p = this.active.get(`${admdvs}|${year}`) ?? this.active.get(`*|${year}`)
    if (p === undefined) {
      throw new OutcomeError(
        badRequest(
          `统筹区 ${admdvs} 没有 ${year} 年启用的待遇政策（可用 yibao policy import 导入并启用）`,
          'year'
        )
      )
    }
    return p
  }
}
