// SPDX-License-Identifier: Apache-2.0
import type { Finding } from '@yibao/audit'
import type {
  CatalogClass,
  ChargeType,
  Diagnosis,
  Encounter,
  FeeLine,
  Institution,
  ListType,
  Operation,
  Person,
  PersonIdentity,
  PriceCap,
  Settlement,
  SettlementFundDetail,
  Staff,
  StaffLink,
  ViolationTruth,
} from '@yibao/domain'
import { addDays, fromEpochMs, IDENTITY_TYPES, lineAmount, seededRandom } from '@yibao/domain'
import type { RecordKind, RecordTypes } from './record-tables.js'

/** Every record kind as an array: a `RecordBatch` with nothing missing. */
export type TestRecords = { [K in RecordKind]: RecordTypes[K][] }

/** Options of `testRecordBatch`. */
export interface TestRecordBatchOptions {
  /** Number of persons (default 20). */
  persons?: number
  /** Seed of the pseudo-random choices (default 1); the same seed gives the same records. */
  seed?: number
  /** Prefix of every generated id, so that several batches can go into one database. */
  prefix?: string
  /** Include region, institutions, staff and price caps (default true). */
  reference?: boolean
}

// Text that exercises COPY escaping and non-ASCII: tab, newline, CR, backslash, quotes, CJK.
const AWKWARD_NAMES = [
  '张三',
  '李\t四',
  '王五\n（换行）',
  'C:\\路径\\名',
  '赵"六"',
  "钱'七'",
  '孙\r八',
  '\\N',
]
const QUANTITIES = [1, 2, 0.5, 0.3333, 2.25, 10, 0.0001, 12.5]
const PRICES = [350, 1_000_000, 123_456, 15_000, 2_500, 99]

/**
 * A small, deterministic, self-consistent set of records for tests: persons with identities,
 * encounters with diagnoses, operations, fee lines, a settlement each (with fund details), and a
 * few violation truths; names contain tabs, newlines, backslashes and quotes; quantities have
 * decimals; optional fields are sometimes null. Person numbers mix upper and lower case, so that
 * byte order (`COLLATE "C"`) differs from most locales' order.
 *
 * @param options - size, seed, id prefix
 * @returns the batch
 */
export function testRecordBatch(options: TestRecordBatchOptions = {}): TestRecords {
  const { persons: personCount = 20, seed = 1, prefix = '', reference = true } = options
  const rnd = seededRandom(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1))

  const admdvs = '431222'
  const institutions: Institution[] = [
    {
      code: `${prefix}H001`,
      name: '辰溪县人民医院',
      type: 'HOSPITAL',
      level: 2,
      admdvs,
      tier: 'COUNTY',
    },
    {
      code: `${prefix}H002`,
      name: '辰溪县中医院',
      type: 'HOSPITAL',
      level: 2,
      admdvs,
      tier: 'COUNTY',
    },
    {
      code: `${prefix}C001`,
      name: '卫生室\t甲',
      type: 'VILLAGE_CLINIC',
      level: 0,
      admdvs,
      tier: 'COUNTY',
    },
    { code: `${prefix}P001`, name: '大药房', type: 'PHARMACY', level: 0, admdvs, tier: 'COUNTY' },
  ]
  const staff: Staff[] = [
    { code: `${prefix}D001`, name: '医生甲', kind: 'DOCTOR', title: '主任医师' },
    { code: `${prefix}D002`, name: '医生\\乙', kind: 'DOCTOR', title: '住院医师' },
    { code: `${prefix}N001`, name: '护士丙', kind: 'NURSE', title: '护师' },
  ]
  const staffLinks: StaffLink[] = [
    {
      staffCode: `${prefix}D001`,
      institutionCode: `${prefix}H001`,
      deptCode: 'A03',
      begin: '2020-01-01',
      end: null,
    },
    {
      staffCode: `${prefix}D001`,
      institutionCode: `${prefix}H002`,
      deptCode: null,
      begin: '2023-05-01',
      end: '2024-12-31',
    },
    {
      staffCode: `${prefix}D002`,
      institutionCode: `${prefix}H002`,
      deptCode: 'A01',
      begin: '2021-03-15',
      end: null,
    },
  ]
  const priceCaps: PriceCap[] = [
    { admdvs, code: '001102000010000', level: 2, cap: 150_000, begin: '2024-01-01', end: null },
    {
      admdvs,
      code: '001102000010000',
      level: 0,
      cap: 100_000,
      begin: '2024-01-01',
      end: '2024-12-31',
    },
    { admdvs, code: 'C14010000100000', level: 2, cap: 35, begin: '2024-01-01', end: null },
  ]

  const persons: Person[] = []
  const identities: PersonIdentity[] = []
  const encounters: Encounter[] = []
  const diagnoses: Diagnosis[] = []
  const operations: Operation[] = []
  const feeLines: FeeLine[] = []
  const settlements: Settlement[] = []
  const fundDetails: SettlementFundDetail[] = []
  const truth: ViolationTruth[] = []
  const base = Date.parse('2024-01-01T00:00:00+08:00')

  for (let p = 0; p < personCount; p++) {
    // Alternate upper- and lower-case prefixes so that byte order interleaves differently.
    const psnNo = `${prefix}${p % 3 === 0 ? 'p' : 'P'}${String(p).padStart(6, '0')}`
    const birth = addDays('1950-01-01', int(0, 25_000))
    persons.push({
      psnNo,
      name: pick(AWKWARD_NAMES),
      certno: `43122219${String(p).padStart(10, '0')}`,
      gender: pick(['1', '2'] as const),
      birthDate: birth,
      insuType: pick(['310', '390'] as const),
      admdvs,
      deathDate: rnd() < 0.1 ? '2024-11-30' : null,
    })
    if (rnd() < 0.4) {
      identities.push({
        psnNo,
        type: pick(IDENTITY_TYPES),
        begin: '2023-01-01',
        end: rnd() < 0.5 ? null : '2024-06-30',
        source: '民政\t局',
      })
    }
    const nEnc = int(1, 4)
    for (let e = 0; e < nEnc; e++) {
      const mdtrtId = `${psnNo}-M${e}`
      const inst = pick(institutions)
      const inpatient = inst.type === 'HOSPITAL' && rnd() < 0.4
      const beginMs = base + int(0, 360) * 86_400_000 + int(0, 86_399) * 1000
      const begin = fromEpochMs(beginMs)
      const end = inpatient ? fromEpochMs(beginMs + int(1, 12) * 86_400_000) : null
      const medType = inpatient ? '21' : inst.type === 'PHARMACY' ? '41' : '11'
      encounters.push({
        mdtrtId,
        psnNo,
        institutionCode: inst.code,
        kind: inpatient ? 'INPATIENT' : inst.type === 'PHARMACY' ? 'PHARMACY' : 'OUTPATIENT',
        medType,
        insuType: '390',
        begin,
        end,
        admDept: inpatient ? 'A03' : null,
        dscgDept: inpatient ? 'A03' : null,
        dscgWay: inpatient ? '1' : null,
        mainDiagCode: 'J18.900',
        chiefDoctor: rnd() < 0.8 ? `${prefix}D001` : null,
        matnStas: null,
        deathDate: null,
        readmitPlanned: rnd() < 0.1,
        drgCode: null,
        admdvs,
      })
      const nDiag = int(1, 3)
      for (let d = 1; d <= nDiag; d++) {
        diagnoses.push({
          id: `${mdtrtId}-D${d}`,
          mdtrtId,
          seq: d,
          code: d === 1 ? 'J18.900' : 'I10.x00',
          name: d === 1 ? '肺炎' : '高血压\n（原发性）',
          type: inpatient ? '2' : '3',
          main: d === 1,
          admCond: inpatient ? '1' : null,
        })
      }
      if (inpatient && rnd() < 0.5) {
        operations.push({
          id: `${mdtrtId}-O1`,
          mdtrtId,
          seq: 1,
          code: '47.0100',
          name: '腹腔镜下阑尾切除术',
          main: true,
          date: begin.slice(0, 10),
          anstWay: rnd() < 0.5 ? '1' : null,
          surgeonCode: `${prefix}D001`,
        })
      }
      const setlId = `${mdtrtId}-S`
      let total = 0
      const nFee = int(2, 8)
      for (let f = 0; f < nFee; f++) {
        const quantity = pick(QUANTITIES)
        const price = pick(PRICES)
        const amount = lineAmount(quantity, price)
        total += amount
        feeLines.push({
          feedetlSn: `${mdtrtId}-F${String(f).padStart(3, '0')}`,
          mdtrtId,
          setlId: rnd() < 0.95 ? setlId : null,
          psnNo,
          institutionCode: inst.code,
          time: fromEpochMs(beginMs + f * 3_600_000),
          code: pick(['XJ01CAA040A001010100001', '001102000010000', 'C14010000100000']),
          name: pick(['阿莫西林胶囊', '床位费\t（普通）', '一次性注射器\\5ml']),
          listType: pick(['101', '201', '301'] as const satisfies readonly ListType[]),
          catalogClass: pick(['01', '02', '03'] as const satisfies readonly CatalogClass[]),
          chargeType: pick(['01', '09', '08'] as const satisfies readonly ChargeType[]),
          quantity,
          price,
          amount,
          rxNo: rnd() < 0.5 ? `RX${p}-${e}` : null,
          orderDept: 'A03',
          orderDoctor: rnd() < 0.7 ? `${prefix}D001` : null,
          execDept: null,
          execDoctor: null,
          dischargeMed: rnd() < 0.05,
          days: rnd() < 0.3 ? int(1, 30) : null,
          uploadTime: rnd() < 0.5 ? fromEpochMs(beginMs + 86_400_000) : null,
        })
      }
      const fund = Math.floor(total * 0.6)
      settlements.push({
        setlId,
        mdtrtId,
        psnNo,
        institutionCode: inst.code,
        time: end ?? fromEpochMs(beginMs + 7_200_000),
        insuType: '390',
        medType,
        medfeeSumamt: total,
        fulamtOwnpayAmt: 0,
        overlmtSelfpay: 0,
        preselfpayAmt: 0,
        inscpScpAmt: total,
        actPayDedc: 0,
        hifpPay: fund,
        cvlservPay: 0,
        hifesPay: 0,
        hifmiPay: 0,
        hifobPay: 0,
        hifdmPay: 0,
        mafPay: 0,
        othPay: 0,
        fundPaySumamt: fund,
        psnPartAmt: total - fund,
        acctPay: 0,
        psnCashPay: total - fund,
        hospPartAmt: 0,
        acctMulaidPay: 0,
        refunded: false,
      })
      fundDetails.push({
        setlId,
        fundPayType: '390100',
        amount: fund,
        inscpScpAmt: rnd() < 0.5 ? total : null,
        procInfo: rnd() < 0.5 ? '起付线\t0 元；\n报销 60%' : null,
      })
      if (rnd() < 0.1) {
        truth.push({
          id: `${mdtrtId}-T`,
          type: pick(['M14', 'S1', 'F3']),
          psnNo,
          mdtrtId,
          feedetlSn: rnd() < 0.5 ? `${mdtrtId}-F000` : null,
          institutionCode: inst.code,
          amount: int(100, 100_000),
          note: '注入：\\分解住院',
        })
      }
    }
  }
  return {
    region: reference ? [{ admdvs, name: '辰溪县', parent: '431200' }] : [],
    institutions: reference ? institutions : [],
    capabilities: reference
      ? institutions
          .filter((i) => i.type === 'HOSPITAL' && i.level >= 2)
          .map((i) => ({
            institutionCode: i.code,
            capability: 'ICU',
            beginDate: '2024-01-01',
            endDate: null,
          }))
      : [],
    staff: reference ? staff : [],
    staffLinks: reference ? staffLinks : [],
    priceCaps: reference ? priceCaps : [],
    persons,
    identities,
    encounters,
    diagnoses,
    operations,
    feeLines,
    settlements,
    fundDetails,
    truth,
  }
}

/**
 * A machine finding on the `n`-th stored encounter of an institution, for tests of the review
 * chain: id `F-<institution>-<n>`, a suspect finding of ¥10.00 + n fen, without lines unless
 * `overrides` gives them.
 *
 * @param records - the stored test records
 * @param institution - the institution code
 * @param n - which of its encounters
 * @param overrides - fields to change
 */
export function testFinding(
  records: TestRecords,
  institution: string,
  n: number,
  overrides: Partial<Finding> = {}
): Finding {
  const e = records.encounters.filter((x) => x.institutionCode === institution)[n]!
  return {
    id: `F-${institution}-${n}`,
    ruleId: 'GZ00030001',
    ruleName: '超限价',
    violation: 'D1',
    severity: 'SUSPECT',
    psnNo: e.psnNo,
    mdtrtId: e.mdtrtId,
    institutionCode: institution,
    date: e.begin.slice(0, 10),
    lines: [],
    relatedEncounters: [],
    amount: 1_000 + n,
    message: '测试疑点',
    evidence: '测试依据',
    knowledgePointId: null,
    packVersion: 'test',
    params: {},
    ...overrides,
  }
}
