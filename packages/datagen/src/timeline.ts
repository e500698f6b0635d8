// SPDX-License-Identifier: Apache-2.0
import type {
  CatalogClass,
  ChargeType,
  EncounterKind,
  Institution,
  ListType,
  Person,
  PersonIdentity,
} from '@yibao/domain'
import type { DemoCaseType } from './demo-catalog.js'

/** A fee line before ids are assigned. Dates are day indices, times seconds after midnight. */
export interface DraftLine {
  code: string
  name: string
  listType: ListType
  catalogClass: CatalogClass
  chargeType: ChargeType
  quantity: number
  /** PriceE4. */
  price: number
  /** Fen; equals `lineAmount(quantity, price)` except in injected M2 lines. */
  amount: number
  day: number
  second: number
  rxNo: string | null
  orderDept: string | null
  orderDoctor: string | null
  execDept: string | null
  execDoctor: string | null
  dischargeMed: boolean
  days: number | null
  /** Days between the charge and its upload (0 = within minutes; M7 injects more). */
  uploadDelay: number
  /** Assigned when the batch is finalised. */
  id: string
}

/** How much of the charges a truth row is about, to derive the fund amount at risk. */
export interface DraftTruth {
  readonly type: string
  /** The offending line, or null for an encounter-level violation. */
  readonly line: DraftLine | null
  /**
   * Charges (fen) the violation concerns: a whole line, an excess, a price difference. For
   * encounter-level truths, null means the whole encounter.
   */
  readonly charges: number | null
  /** Further lines whose charges belong to the same violation (e.g. all excess course days). */
  readonly extraLines?: readonly DraftLine[]
  readonly note: string
}

/** An encounter of a person's timeline before settlement. */
export interface DraftEncounter {
  kind: EncounterKind
  medType: string
  inst: Institution
  dept: string | null
  doctor: string | null
  beginDay: number
  beginSecond: number
  endDay: number
  endSecond: number
  diagnoses: { code: string; name: string }[]
  operations: { code: string; name: string; day: number; surgeon: string | null }[]
  lines: DraftLine[]
  dscgWay: string | null
  readmitPlanned: boolean
  truths: DraftTruth[]
  /** The DIP case type of a stay (null for other encounters). */
  caseType: DemoCaseType | null
  /** Assigned when the batch is finalised. */
  mdtrtId: string
}

/** Mutable copy of `Person` used while a timeline is generated. */
export type DraftPerson = { -readonly [K in keyof Person]: Person[K] }

/** One person's whole history in the period. */
export interface PersonTimeline {
  person: DraftPerson
  identities: PersonIdentity[]
  /** Home village clinic index and township index. */
  village: number
  town: number
  /** Age in whole years on the first day of the period. */
  age: number
  /** Chronic disease diagnosis code (门诊慢特病), if any. */
  chronic: { code: string; name: string } | null
  /** Monthly charges (fen) of a costly 门诊慢特病 (尿毒症, cancer), 0 for ordinary ones. */
  chronicCost: number
  encounters: DraftEncounter[]
  /** Days (index) already taken by an encounter (a stay takes all its days). */
  busy: Set<number>
  /** Personal-account balance in fen (职工). */
  account: number
  /** True once an injector has used this person. */
  injected: boolean
  /** Last use (day) of period-limited items, and days used of course-limited drugs. */
  lastUse: Map<string, number>
}
