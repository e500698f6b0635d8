// SPDX-License-Identifier: Apache-2.0
import { PriceCapIndex } from '@yibao/domain'
import type {
  Institution,
  InstitutionCapability,
  InstitutionLevel,
  InstitutionType,
  IsoDate,
  PriceCap,
  PriceE4,
} from '@yibao/domain'

/** What the rules need to know about an institution. */
export interface InstitutionInfo {
  readonly level: InstitutionLevel
  readonly type: InstitutionType | null
  readonly admdvs: string | null
}

/**
 * Payment-qualification status of a staff member (医保支付资格) on a date. Filled by the
 * supervision module; until then every staff member is qualified.
 */
export type StaffQualification = (
  staffCode: string,
  date: IsoDate
) => 'SUSPENDED' | 'TERMINATED' | null

/** A period in which a staff member may not be paid by the fund; `to` is the last day. */
export interface StaffStatusPeriod {
  readonly staffCode: string
  readonly status: 'SUSPENDED' | 'TERMINATED'
  readonly from: IsoDate
  readonly to: IsoDate | null
}

/**
 * The qualification look-up of a list of periods (from the supervision module's staff files);
 * TERMINATED wins over SUSPENDED on a day both cover. Undefined for no periods.
 */
export function staffQualificationOf(
  periods: readonly StaffStatusPeriod[]
): StaffQualification | undefined {
  if (periods.length === 0) return undefined
  const byStaff = new Map<string, StaffStatusPeriod[]>()
  for (const p of periods) {
    const list = byStaff.get(p.staffCode)
    if (list) list.push(p)
    else byStaff.set(p.staffCode, [p])
  }
  return (staffCode, date) => {
    let status: 'SUSPENDED' | 'TERMINATED' | null = null
    for (const p of byStaff.get(staffCode) ?? []) {
      if (date < p.from || (p.to !== null && date > p.to)) continue
      if (p.status === 'TERMINATED') return 'TERMINATED'
      status = 'SUSPENDED'
    }
    return status
  }
}

/**
 * Whether an institution had a capability of the register (服务能力登记) on a date; null when no
 * register is loaded, so that nothing is judged against an empty one.
 */
export type CapabilityRegister = (
  institutionCode: string,
  capability: string,
  date: IsoDate
) => boolean

/** The look-up of a list of register entries, or null for an empty list. */
export function capabilityRegisterOf(
  entries: readonly InstitutionCapability[]
): CapabilityRegister | null {
  if (entries.length === 0) return null
  const byKey = new Map<string, InstitutionCapability[]>()
  for (const e of entries) {
    const key = `${e.institutionCode}\u0000${e.capability}`
    const list = byKey.get(key)
    if (list) list.push(e)
    else byKey.set(key, [e])
  }
  return (institutionCode, capability, date) =>
    (byKey.get(`${institutionCode}\u0000${capability}`) ?? []).some(
      (e) => e.beginDate <= date && (e.endDate === null || date <= e.endDate)
    )
}

/**
 * Reference data of a region that rules read besides the knowledge pack: institutions (level,
 * type), local price caps (医疗服务价格), staff qualification and the capability register.
 */
export class AuditReference {
  private readonly institutions = new Map<string, InstitutionInfo>()
  private readonly caps: PriceCapIndex
  private parent: AuditReference | null = null
  /** Null until the supervision module supplies one: then every staff member is qualified. */
  readonly staffQualification: StaffQualification | null
  /** Null while no capability register is loaded: then no item is judged against it. */
  readonly capabilityRegister: CapabilityRegister | null

  /**
   * @param data - institutions, price caps and a staff-qualification look-up
   */
  constructor(
    data: {
      institutions?: readonly Institution[]
      priceCaps?: readonly PriceCap[]
      staffQualification?: StaffQualification
      /** Periods of suspended or terminated staff, when no look-up is given. */
      staffPeriods?: readonly StaffStatusPeriod[]
      capabilityRegister?: CapabilityRegister
      /** Entries of the capability register, when no look-up is given. */
      capabilities?: readonly InstitutionCapability[]
    } = {}
  ) {
    for (const i of data.institutions ?? []) this.setInstitution(i.code, i)
    this.caps = new PriceCapIndex(data.priceCaps ?? [])
    this.staffQualification =
      data.staffQualification ?? staffQualificationOf(data.staffPeriods ?? []) ?? null
    this.capabilityRegister =
      data.capabilityRegister ?? capabilityRegisterOf(data.capabilities ?? [])
  }

  /**
   * A reference that knows these institutions besides this one's (a real-time request describes
   * the institutions it comes from); price caps, staff qualification and the capability register
   * are shared.
   */
  withInstitutions(institutions: ReadonlyMap<string, InstitutionInfo>): AuditReference {
    const child = new AuditReference({
      ...(this.staffQualification === null ? {} : { staffQualification: this.staffQualification }),
      ...(this.capabilityRegister === null ? {} : { capabilityRegister: this.capabilityRegister }),
    })
    child.parent = this
    for (const [code, info] of institutions) {
      // What the request leaves out (type, region, an unknown level) comes from the register.
      const known = this.institution(code)
      child.setInstitution(code, {
        level: info.level === 0 && known ? known.level : info.level,
        type: info.type ?? known?.type ?? null,
        admdvs: info.admdvs ?? known?.admdvs ?? null,
      })
    }
    return child
  }

  /** Adds or replaces an institution. */
  setInstitution(code: string, info: InstitutionInfo): void {
    this.institutions.set(code, { level: info.level, type: info.type, admdvs: info.admdvs })
  }

  /** The institution, or undefined when unknown. */
  institution(code: string): InstitutionInfo | undefined {
    return this.institutions.get(code) ?? this.parent?.institution(code)
  }

  /**
   * The price cap of an item at a level on a date: the institution's region's, else (an
   * institution outside the loaded price tables) the first region's that has one.
   *
   * @param day - day number (`dayNumber`) of the fee
   *
   * @returns the cap, or undefined when there is none
   */
  priceCap(
    code: string,
    level: InstitutionLevel,
    day: number,
    admdvs: string | null
  ): PriceE4 | undefined {
    if (this.parent !== null) return this.parent.priceCap(code, level, day, admdvs)
    return this.caps.capOf(code, level, day, admdvs)
  }
}
