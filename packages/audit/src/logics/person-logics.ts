// SPDX-License-Identifier: Apache-2.0
import {
  CAPABILITY_NAMES,
  capabilityOfItem,
  dateFromDayNumber,
  ENCOUNTER_KIND_LABELS,
} from '@yibao/domain'
import type { KnowledgePoint } from '@yibao/knowledge'
import type { EncounterKind } from '@yibao/domain'
import { KIND, NO_DAY } from '../columnar-batch.js'
import type { ColumnarBatch } from '../columnar-batch.js'
import type { SegmentLogic } from '../logic.js'
import { encLines, lineName, list, num, pointTable, str, sumAmounts } from './helpers.js'
import { inIcdRanges } from './encounter-logics.js'

/** Lines of person `p` in encounter order (encounters by begin, lines by time). */
function personLines(b: ColumnarBatch, p: number): { from: number; to: number } {
  const e0 = b.pEnc0[p]!
  const e1 = b.pEnc1[p]!
  return { from: e0 < e1 ? b.eLine0[e0]! : 0, to: e0 < e1 ? b.eLine1[e1 - 1]! : 0 }
}

/** Groups line indexes by code id. */
function linesByCode(
  b: ColumnarBatch,
  p: number,
  keep: (i: number) => boolean
): Map<number, number[]> {
  const map = new Map<number, number[]>()
  const { from, to } = personLines(b, p)
  for (let i = from; i < to; i++) {
    if (!keep(i)) continue
    const g = map.get(b.lCode[i]!)
    if (g) g.push(i)
    else map.set(b.lCode[i]!, [i])
  }
  for (const g of map.values()) g.sort((x, y) => b.lSec[x]! - b.lSec[y]! || x - y)
  return map
}

/** Distinct encounters of lines, in first-seen order. */
function encountersOf(b: ColumnarBatch, lines: readonly number[]): number[] {
  const out: number[] = []
  for (const i of lines) if (!out.includes(b.lEnc[i]!)) out.push(b.lEnc[i]!)
  return out
}

/** 限定支付疗程 (两库第六批、第八批): used longer than the course allows since it began. */
export const paymentCourse: SegmentLogic = {
  kind: 'segment',
  compile(rule, kit) {
    const t = pointTable(kit, rule, 'PAYMENT_COURSE')
    const resetGap = num(rule, 'resetGapDays')
    return (b, p, out) => {
      const table = kit.table(t.table)
      const groups = linesByCode(b, p, (i) => table[b.lCode[i]!]! >= 0)
      for (const lines of groups.values()) {
        let start = -NO_DAY
        let last = -NO_DAY
        let course: number[] = []
        let excess: number[] = []
        let max = 0
        let point: KnowledgePoint | undefined
        const flush = (): void => {
          if (excess.length > 0) {
            const encs = encountersOf(b, excess)
            out({
              enc: encs[0]!,
              violating: excess,
              related: course.filter((i) => !excess.includes(i)).slice(0, 1),
              relatedEncounters: encs.slice(1),
              amount: sumAmounts(b, excess),
              point,
              message: `${lineName(b, excess[0]!)}限支付${max}天，自${dateFromDayNumber(start)}起第${b.lDay[excess[excess.length - 1]!]! - start + 1}天仍在使用`,
            })
          }
          course = []
          excess = []
        }
        for (const i of lines) {
          const d = b.lDay[i]!
          const pt = t.inForce(b.lCode[i]!, d)
          const c = pt?.condition
          if (c?.kind !== 'PAYMENT_COURSE') continue
          if (d - last > resetGap) {
            flush()
            start = d
          }
          last = d
          point = pt
          max = c.maxDays
          course.push(i)
          if (d - start + 1 > c.maxDays) excess.push(i)
        }
        flush()
      }
    }
  },
}

/** 周期超频次 (两库第八批): more uses than allowed within a rolling period. */
export const periodFrequency: SegmentLogic = {
  kind: 'segment',
  compile(rule, kit) {
    const t = pointTable(kit, rule, 'PERIOD_FREQUENCY')
    return (b, p, out) => {
      const table = kit.table(t.table)
      const groups = linesByCode(b, p, (i) => table[b.lCode[i]!]! >= 0)
      for (const lines of groups.values()) {
        for (let n = 0; n < lines.length; n++) {
          const i = lines[n]!
          const d = b.lDay[i]!
          const point = t.inForce(b.lCode[i]!, d)
          const c = point?.condition
          if (c?.kind !== 'PERIOD_FREQUENCY') continue
          const window: number[] = []
          let count = 0
          for (let m = 0; m <= n; m++) {
            const j = lines[m]!
            if (b.lDay[j]! > d - c.periodDays) {
              window.push(j)
              count += b.lQty[j]!
            }
          }
          if (count <= c.maxCount + 1e-9) continue
          const before = window.filter((j) => j !== i)
          out({
            enc: b.lEnc[i]!,
            violating: [i],
            related: before,
            relatedEncounters: encountersOf(b, before).filter((e) => e !== b.lEnc[i]),
            amount: b.lAmount[i]!,
            point,
            message: `${lineName(b, i)}限${c.periodDays}天内${c.maxCount}次，${c.periodDays}天内已收费${count}次`,
          })
        }
      }
    }
  },
}

/** The main diagnosis of an encounter (list main flag, else the encounter's). */
function mainDiagnosis(b: ColumnarBatch, e: number): string | null {
  for (let x = b.eDiag0[e]!; x < b.eDiag1[e]!; x++)
    if (b.diagnoses[x]!.main) return b.diagnoses[x]!.code
  return b.encounters[e]!.mainDiagCode
}

/** 分解住院: readmission to the same institution within N days with a related diagnosis. */
export const readmission: SegmentLogic = {
  kind: 'segment',
  compile(rule) {
    const maxGap = num(rule, 'maxGapDays')
    const excludeDiag = list(rule, 'excludeDiagnoses')
    const excludeWays = new Set(list(rule, 'excludeDischargeWays'))
    return (b, p, out) => {
      const stays: number[] = []
      for (let e = b.pEnc0[p]!; e < b.pEnc1[p]!; e++)
        if (b.eKind[e] === KIND.INPATIENT) stays.push(e)
      for (let n = 1; n < stays.length; n++) {
        const j = stays[n]!
        const later = b.encounters[j]!
        if (later.readmitPlanned) continue
        const dj = mainDiagnosis(b, j)
        if (dj === null || inIcdRanges(dj, excludeDiag)) continue
        for (let m = n - 1; m >= 0; m--) {
          const i = stays[m]!
          const first = b.encounters[i]!
          if (first.end === null || first.institutionCode !== later.institutionCode) continue
          const gap = b.eBeginDay[j]! - b.eEndDay[i]!
          if (gap < 0 || gap > maxGap) continue
          if (first.dscgWay !== null && excludeWays.has(first.dscgWay)) continue
          const di = mainDiagnosis(b, i)
          if (di === null || di.slice(0, 3) !== dj.slice(0, 3)) continue
          const lines = encLines(b, j)
          out({
            enc: j,
            violating: [],
            relatedEncounters: [i],
            amount: sumAmounts(b, lines),
            message: `出院${gap}天后以相关诊断【${dj}】再次入住同一医院（前次住院${first.mdtrtId}，主诊断【${di}】）`,
          })
          break
        }
      }
    }
  },
}

const KIND_CODE: Record<string, number> = KIND

/** 频繁门诊 / 频繁购药 / 频繁住院: more encounters of a kind within a rolling window. */
export const frequentEncounters: SegmentLogic = {
  kind: 'segment',
  compile(rule) {
    const kindName = str(rule, 'encounterKind') as EncounterKind
    const kind = KIND_CODE[kindName]
    const windowDays = num(rule, 'windowDays')
    const max = num(rule, 'maxCount')
    const label = ENCOUNTER_KIND_LABELS[kindName] ?? kindName
    return (b, p, out) => {
      const list: number[] = []
      for (let e = b.pEnc0[p]!; e < b.pEnc1[p]!; e++) if (b.eKind[e] === kind) list.push(e)
      if (list.length <= max) return
      let episodeStart = -1
      let episodeLast = -1
      let peak = 0
      const flush = (): void => {
        if (episodeLast < 0) return
        const encs = list.slice(episodeStart, episodeLast + 1)
        const primary = list[episodeLast]!
        out({
          enc: primary,
          violating: [],
          relatedEncounters: encs.filter((e) => e !== primary),
          amount: 0,
          message: `${windowDays}天内${label}${peak}次，超过${max}次（${dateFromDayNumber(b.eBeginDay[encs[0]!]!)}至${dateFromDayNumber(b.eBeginDay[primary]!)}共${encs.length}次）`,
        })
        episodeStart = -1
        episodeLast = -1
        peak = 0
      }
      let s = 0
      for (let n = 0; n < list.length; n++) {
        const d = b.eBeginDay[list[n]!]!
        while (b.eBeginDay[list[s]!]! <= d - windowDays) s++
        const count = n - s + 1
        if (count <= max) continue
        if (episodeLast >= 0 && s > episodeLast) flush()
        if (episodeStart < 0) episodeStart = s
        episodeLast = n
        peak = Math.max(peak, count)
      }
      flush()
    }
  },
}

/** 同一时间多地就医: an encounter that begins while the person is in hospital elsewhere. */
export const overlappingCare: SegmentLogic = {
  kind: 'segment',
  compile(rule) {
    const kinds = new Set(list(rule, 'encounterKinds').map((k) => KIND_CODE[k]))
    return (b, p, out) => {
      for (let x = b.pEnc0[p]!; x < b.pEnc1[p]!; x++) {
        if (!kinds.has(b.eKind[x])) continue
        const day = b.eBeginDay[x]!
        for (let s = b.pEnc0[p]!; s < b.pEnc1[p]!; s++) {
          if (s === x || b.eKind[s] !== KIND.INPATIENT) continue
          if (!(b.eBeginDay[s]! < day && day < b.eEndDay[s]!)) continue
          const stay = b.encounters[s]!
          const enc = b.encounters[x]!
          const what = ENCOUNTER_KIND_LABELS[enc.kind]
          out({
            enc: x,
            violating: [],
            relatedEncounters: [s],
            amount: sumAmounts(b, encLines(b, x)),
            message: `在${stay.institutionCode}住院期间（${stay.begin.slice(0, 10)}至${stay.end?.slice(0, 10) ?? '未出院'}）于${enc.institutionCode}发生${what}结算`,
          })
          break
        }
      }
    }
  },
}

/** 同日拆分交易: several settlements of one person at one pharmacy on one day. */
export const sameDaySplit: SegmentLogic = {
  kind: 'segment',
  compile(rule) {
    const kind = KIND_CODE[str(rule, 'encounterKind')]
    return (b, p, out) => {
      const firstOf = new Map<string, number>()
      for (let e = b.pEnc0[p]!; e < b.pEnc1[p]!; e++) {
        if (b.eKind[e] !== kind) continue
        const key = `${b.encounters[e]!.institutionCode}:${b.eBeginDay[e]}`
        const first = firstOf.get(key)
        if (first === undefined) {
          firstOf.set(key, e)
          continue
        }
        out({
          enc: e,
          violating: [],
          relatedEncounters: [first],
          amount: sumAmounts(b, encLines(b, e)),
          message: `同日在${b.encounters[e]!.institutionCode}再次结算（首笔${b.encounters[first]!.mdtrtId}）`,
        })
      }
    }
  },
}

/** 限定频次（按收费类别）: a daily charge (床位费、一般诊疗费) more than N times a day at one institution. */
export const dailyChargeLimit: SegmentLogic = {
  kind: 'segment',
  compile(rule) {
    const chargeType = Number(str(rule, 'chargeType'))
    const max = num(rule, 'maxPerDay')
    const label = str(rule, 'label')
    return (b, p, out) => {
      const groups = new Map<string, number[]>()
      const { from, to } = personLines(b, p)
      for (let i = from; i < to; i++) {
        if (b.lCharge[i] !== chargeType) continue
        const key = `${b.encounters[b.lEnc[i]!]!.institutionCode}:${b.lDay[i]}`
        const g = groups.get(key)
        if (g) g.push(i)
        else groups.set(key, [i])
      }
      for (const lines of groups.values()) {
        let total = 0
        for (const i of lines) total += b.lQty[i]!
        if (total <= max + 1e-9 || lines.length < 2) continue
        const last = lines[lines.length - 1]!
        out({
          enc: b.lEnc[last]!,
          violating: [last],
          related: lines.slice(0, -1),
          relatedEncounters: encountersOf(b, lines).filter((e) => e !== b.lEnc[last]),
          amount: b.lAmount[last]!,
          message: `${label}${lineName(b, last)}同日在同一机构收取${total}次，限每日${max}次`,
        })
      }
    }
  },
}

/** 检查重复（大型设备）: the same CT / MR examination again within N days. */
export const repeatedImaging: SegmentLogic = {
  kind: 'segment',
  compile(rule, kit) {
    const windowDays = num(rule, 'windowDays')
    const pattern = new RegExp(str(rule, 'namePattern'))
    const imaging = kit.codeTable((_, seen) =>
      seen.listType === '201' && pattern.test(seen.name) ? 1 : 0
    )
    return (b, p, out) => {
      const table = kit.table(imaging)
      const groups = linesByCode(b, p, (i) => table[b.lCode[i]!] === 1)
      for (const lines of groups.values()) {
        for (let n = 1; n < lines.length; n++) {
          const i = lines[n]!
          const prev = lines[n - 1]!
          const gap = b.lDay[i]! - b.lDay[prev]!
          if (gap > windowDays || (gap === 0 && b.lEnc[i] === b.lEnc[prev])) continue
          out({
            enc: b.lEnc[i]!,
            violating: [i],
            related: [prev],
            relatedEncounters: b.lEnc[prev] === b.lEnc[i] ? [] : [b.lEnc[prev]!],
            amount: b.lAmount[i]!,
            message: `${lineName(b, i)}距上次检查${gap}天再次检查（${windowDays}天内）`,
          })
        }
      }
    }
  },
}

/** 医保支付资格: lines ordered or executed by staff whose payment qualification is suspended. */
export const staffQualification: SegmentLogic = {
  kind: 'segment',
  compile(rule) {
    const exceptMedTypes = new Set(list(rule, 'exceptMedTypes'))
    return (b, p, out) => {
      const qualification = b.reference.staffQualification
      if (qualification === null) return
      const { from, to } = personLines(b, p)
      for (let i = from; i < to; i++) {
        const enc = b.encounters[b.lEnc[i]!]!
        if (exceptMedTypes.has(enc.medType)) continue
        const l = b.lines[i]!
        const date = l.time.slice(0, 10)
        for (const staff of [l.orderDoctor, l.execDoctor]) {
          if (staff === null) continue
          const status = qualification(staff, date)
          if (status === null) continue
          out({
            enc: b.lEnc[i]!,
            violating: [i],
            amount: l.amount,
            message: `${lineName(b, i)}由医保支付资格${status === 'SUSPENDED' ? '暂停' : '终止'}的人员【${staff}】开具或执行`,
          })
          break
        }
      }
    }
  },
}

/**
 * 虚记费用 against the capability register (服务能力登记): items that need a capability (`items`,
 * `CAPABILITY:code-prefix`) billed by an institution that had no such capability on the day.
 * Nothing is judged while no register is loaded.
 */
export const capabilityRegister: SegmentLogic = {
  kind: 'segment',
  compile(rule) {
    const items: Record<string, string[]> = {}
    for (const entry of list(rule, 'items')) {
      const [capability, prefix] = entry.split(':')
      if (capability && prefix) (items[capability] ??= []).push(prefix)
    }
    return (b, p, out) => {
      const register = b.reference.capabilityRegister
      if (register === null) return
      const { from, to } = personLines(b, p)
      for (let i = from; i < to; i++) {
        const l = b.lines[i]!
        const capability = capabilityOfItem(l.code, items)
        if (capability === undefined) continue
        const enc = b.encounters[b.lEnc[i]!]!
        if (register(enc.institutionCode, capability, l.time.slice(0, 10))) continue
        out({
          enc: b.lEnc[i]!,
          violating: [i],
          amount: l.amount,
          message: `机构未登记${CAPABILITY_NAMES[capability] ?? capability}服务能力，收取${lineName(b, i)}`,
        })
      }
    }
  },
}
