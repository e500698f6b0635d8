// SPDX-License-Identifier: Apache-2.0
import { checkSettlementIdentities, fenToYuan, lineAmount } from '@yibao/domain'
import { KIND } from '../columnar-batch.js'
import type { ColumnarBatch } from '../columnar-batch.js'
import type { KnowledgePoint } from '@yibao/knowledge'
import type { SegmentLogic } from '../logic.js'
import {
  encLines,
  inForce,
  lineName,
  list,
  num,
  pointTable,
  str,
  sumAmounts,
  yuan,
} from './helpers.js'

/** Calls `f` for every encounter of person `p`. */
function eachEncounter(b: ColumnarBatch, p: number, f: (e: number) => void): void {
  for (let e = b.pEnc0[p]!; e < b.pEnc1[p]!; e++) f(e)
}

/**
 * Splits the excess quantity over the latest lines: returns the violating lines and the amount
 * each carries (excess units × unit price), latest first.
 */
function takeExcess(
  b: ColumnarBatch,
  lines: readonly number[],
  excess: number
): { violating: number[]; amounts: number[]; related: number[] } {
  const violating: number[] = []
  const amounts: number[] = []
  let left = excess
  let n = lines.length - 1
  for (; n >= 0 && left > 1e-9; n--) {
    const i = lines[n]!
    const q = Math.min(b.lQty[i]!, left)
    violating.push(i)
    amounts.push(q >= b.lQty[i]! ? b.lAmount[i]! : lineAmount(q, b.lPrice[i]!))
    left -= q
  }
  return { violating, amounts, related: lines.slice(0, n + 1) }
}

function sum(xs: readonly number[]): number {
  let s = 0
  for (const x of xs) s += x
  return s
}

/** 限定频次 (两库第八批): more units of an item per day (or per hour × 24) than allowed. */
export const frequency: SegmentLogic = {
  kind: 'segment',
  compile(rule, kit) {
    const per = str(rule, 'per')
    const t = pointTable(kit, rule, 'FREQUENCY', (c) => c.per === per)
    return (b, p, out) => {
      eachEncounter(b, p, (e) => {
        const tab = kit.table(t.table)
        const groups = new Map<string, number[]>()
        for (let i = b.eLine0[e]!; i < b.eLine1[e]!; i++) {
          if (tab[b.lCode[i]!]! < 0 || t.inForce(b.lCode[i]!, b.lDay[i]!) === undefined) continue
          const key = `${b.lCode[i]}:${b.lDay[i]}`
          const g = groups.get(key)
          if (g) g.push(i)
          else groups.set(key, [i])
        }
        for (const lines of groups.values()) {
          const point = t.inForce(b.lCode[lines[0]!]!, b.lDay[lines[0]!]!)
          const c = point?.condition
          if (c?.kind !== 'FREQUENCY') continue
          // 限定频次：24小时 (per HOUR) caps the hours charged per day.
          const limit = c.maxQuantity
          let total = 0
          for (const i of lines) total += b.lQty[i]!
          if (total <= limit + 1e-9) continue
          const x = takeExcess(b, lines, total - limit)
          out({
            enc: e,
            violating: x.violating,
            violatingAmounts: x.amounts,
            related: x.related,
            amount: sum(x.amounts),
            point,
            message: `${lineName(b, lines[0]!)}${per === 'HOUR' ? `按小时计费，当日计${total}小时，超过${limit}小时` : `限每日${c.maxQuantity}次，当日收费${total}次`}`,
          })
        }
      })
    }
  },
}

/** 医疗服务项目重复收费 (两库第七批): a pair that must not be charged together. */
export const duplicateCharge: SegmentLogic = {
  kind: 'segment',
  compile(_rule, kit) {
    const hasPairs = kit.codeTable((_, seen) =>
      kit.knowledge.pointsOfCode(seen.code).some((p) => p.condition.kind === 'DUPLICATE_CHARGE')
        ? 1
        : 0
    )
    const WINDOW_SECONDS = { HOUR: 3600, SIX_HOURS: 6 * 3600 } as const
    return (b, p, out) => {
      eachEncounter(b, p, (e) => {
        const flags = kit.table(hasPairs)
        let any = false
        for (let i = b.eLine0[e]!; i < b.eLine1[e]! && !any; i++) any = flags[b.lCode[i]!] === 1
        if (!any) return
        const byCode = new Map<string, number[]>()
        for (let i = b.eLine0[e]!; i < b.eLine1[e]!; i++) {
          const code = b.lines[i]!.code
          const g = byCode.get(code)
          if (g) g.push(i)
          else byCode.set(code, [i])
        }
        const flagged = new Set<number>()
        for (let a = b.eLine0[e]!; a < b.eLine1[e]!; a++) {
          if (flags[b.lCode[a]!] !== 1) continue
          const day = b.lDay[a]!
          for (const point of kit.knowledge.pointsOfCode(b.lines[a]!.code)) {
            const c = point.condition
            if (c.kind !== 'DUPLICATE_CHARGE') continue
            if (!inForce(point, b.lines[a]!.time.slice(0, 10))) continue
            for (const x of byCode.get(c.pairedCode) ?? []) {
              if (flagged.has(x)) continue
              const ok =
                c.window === 'ENCOUNTER'
                  ? true
                  : c.window === 'DAY'
                    ? b.lDay[x] === day
                    : Math.abs(b.lSec[x]! - b.lSec[a]!) <= WINDOW_SECONDS[c.window]
              if (!ok) continue
              flagged.add(x)
              const window = {
                DAY: '同日',
                ENCOUNTER: '同次就诊',
                HOUR: '1小时内',
                SIX_HOURS: '6小时内',
              }[c.window]
              out({
                enc: e,
                violating: [x],
                related: [a],
                amount: b.lAmount[x]!,
                point,
                message: `${lineName(b, a)}与${lineName(b, x)}${window}重复收费`,
              })
            }
          }
        }
      })
    }
  },
}

/** 手术项目未按规定折价收费 (两库第二批): a second operation of a group charged at full price. */
export const surgeryDiscount: SegmentLogic = {
  kind: 'segment',
  compile(rule, kit) {
    const t = pointTable(kit, rule, 'SURGERY_DISCOUNT')
    const tolerance = num(rule, 'toleranceFen')
    return (b, p, out) => {
      eachEncounter(b, p, (e) => {
        // An item may belong to several groups (one point each): group by every one of them.
        const tab = kit.table(t.table)
        const groups = new Map<string, { lines: number[]; points: KnowledgePoint[] }>()
        for (let i = b.eLine0[e]!; i < b.eLine1[e]!; i++) {
          if (tab[b.lCode[i]!]! < 0 || t.inForce(b.lCode[i]!, b.lDay[i]!) === undefined) continue
          const date = b.lines[i]!.time.slice(0, 10)
          for (const point of kit.knowledge.pointsOfCode(b.lines[i]!.code)) {
            const c = point.condition
            if (c.kind !== 'SURGERY_DISCOUNT' || !inForce(point, date)) continue
            const key = `${c.group}:${b.lDay[i]}`
            const g = groups.get(key) ?? { lines: [], points: [] }
            g.lines.push(i)
            g.points.push(point)
            groups.set(key, g)
          }
        }
        const flagged = new Set<number>()
        for (const { lines, points } of groups.values()) {
          if (lines.length < 2) continue
          const main = lines.reduce((m, i) => (b.lAmount[i]! > b.lAmount[m]! ? i : m), lines[0]!)
          lines.forEach((i, n) => {
            if (i === main || flagged.has(i) || Number.isNaN(b.lCap[i])) return
            const point = points[n]!
            if (point.condition.kind !== 'SURGERY_DISCOUNT') return
            const rate = point.condition.secondaryRate
            const due = Math.round(lineAmount(b.lQty[i]!, b.lCap[i]!) * rate)
            if (b.lAmount[i]! <= due + tolerance) return
            flagged.add(i)
            out({
              enc: e,
              violating: [i],
              related: [main],
              amount: b.lAmount[i]! - due,
              point,
              message: `同一切口第二项手术${lineName(b, i)}收费${yuan(b.lAmount[i]!)}，应按${Math.round(rate * 100)}%计价${yuan(due)}`,
            })
          })
        }
      })
    }
  },
}

/** 住院天数与床位费等不符: more units of a daily charge type than days in the stay. */
export const chargeDays: SegmentLogic = {
  kind: 'segment',
  compile(rule, kit) {
    const chargeType = Number(str(rule, 'chargeType'))
    const label = str(rule, 'label')
    const pattern = new RegExp(str(rule, 'namePattern'))
    const counted = kit.codeTable((_, seen) => (pattern.test(seen.name) ? 1 : 0))
    return (b, p, out) => {
      eachEncounter(b, p, (e) => {
        if (b.eKind[e] !== KIND.INPATIENT || b.encounters[e]!.end === null) return
        const los = Math.max(1, b.eEndDay[e]! - b.eBeginDay[e]!)
        const named = kit.table(counted)
        // Days billed: on each day the largest quantity of one line (two nursing grades on one
        // day are one day; a line of 5 bed-days is 5). Lines are in time order, so days too.
        const lines: number[] = []
        let total = 0
        let day = -1
        for (let i = b.eLine0[e]!; i < b.eLine1[e]!; i++) {
          if (b.lCharge[i] !== chargeType || named[b.lCode[i]!] !== 1) continue
          const last = lines[lines.length - 1]
          if (b.lDay[i] === day && last !== undefined) {
            if (b.lQty[i]! > b.lQty[last]!) {
              total += b.lQty[i]! - b.lQty[last]!
              lines[lines.length - 1] = i
            }
            continue
          }
          day = b.lDay[i]!
          lines.push(i)
          total += b.lQty[i]!
        }
        if (total <= los + 1e-9) return
        const x = takeExcess(b, lines, total - los)
        out({
          enc: e,
          violating: x.violating,
          violatingAmounts: x.amounts,
          amount: sum(x.amounts),
          message: `${label}计${total}天，住院${los}天`,
        })
      })
    }
  },
}

/** 挂床住院: M or more consecutive days billing only bed, nursing and consultation fees. */
export const idleDays: SegmentLogic = {
  kind: 'segment',
  compile(rule) {
    const minDays = num(rule, 'minDays')
    const idle = new Set(list(rule, 'idleChargeTypes').map(Number))
    return (b, p, out) => {
      eachEncounter(b, p, (e) => {
        if (b.eKind[e] !== KIND.INPATIENT || b.encounters[e]!.end === null) return
        const first = b.eBeginDay[e]! + 1
        const last = b.eEndDay[e]! - 1
        let run: number[] = []
        let runDays = 0
        let prevDay = first - 1
        const flush = (): void => {
          if (runDays >= minDays) {
            out({
              enc: e,
              violating: run,
              amount: sumAmounts(b, run),
              day: b.lDay[run[0]!],
              message: `住院期间连续${runDays}天仅收取床位费、护理费、诊查费`,
            })
          }
          run = []
          runDays = 0
        }
        let i = b.eLine0[e]!
        const end = b.eLine1[e]!
        while (i < end) {
          const d = b.lDay[i]!
          let j = i
          let allIdle = true
          while (j < end && b.lDay[j] === d) {
            if (!idle.has(b.lCharge[j]!)) allIdle = false
            j++
          }
          if (d >= first && d <= last) {
            if (allIdle && d === prevDay + 1 && runDays > 0) {
              for (let x = i; x < j; x++) run.push(x)
              runDays++
            } else {
              flush()
              if (allIdle) {
                for (let x = i; x < j; x++) run.push(x)
                runDays = 1
              }
            }
            prevDay = d
          }
          i = j
        }
        flush()
      })
    }
  },
}

/** 医保结算清单信息异常: an inpatient list without 离院方式 or 主诊断, or with dates reversed. */
export const listInfo: SegmentLogic = {
  kind: 'segment',
  compile() {
    return (b, p, out) => {
      eachEncounter(b, p, (e) => {
        const enc = b.encounters[e]!
        if (b.eKind[e] !== KIND.INPATIENT || enc.end === null) return
        const missing: string[] = []
        if (!enc.dscgWay) missing.push('离院方式')
        if (!enc.mainDiagCode && b.eDiag1[e] === b.eDiag0[e]) missing.push('主要诊断')
        if (b.eEndSec[e]! < b.eBeginSec[e]!) missing.push('出院时间早于入院时间')
        if (missing.length === 0) return
        out({
          enc: e,
          violating: [],
          amount: 0,
          message: `医保结算清单信息异常：${missing.map((m) => (m.includes('早于') ? m : `缺少${m}`)).join('，')}`,
        })
      })
    }
  },
}

/** 结算信息异常: a settlement whose amounts break the §2.6 identities or differ from its lines. */
export const settlementCheck: SegmentLogic = {
  kind: 'segment',
  compile(rule) {
    const tolerance = num(rule, 'toleranceFen')
    return (b, p, out) => {
      eachEncounter(b, p, (e) => {
        const settlements = (b.settlements[e] ?? []).filter((s) => !s.refunded)
        if (settlements.length === 0) return
        const problems: string[] = []
        for (const s of settlements) {
          for (const issue of checkSettlementIdentities(s)) problems.push(issue.message)
        }
        const billed = sumAmounts(b, encLines(b, e))
        const settled = sum(settlements.map((s) => s.medfeeSumamt))
        if (b.eLine1[e]! > b.eLine0[e]! && Math.abs(billed - settled) > tolerance) {
          problems.push(`费用明细合计${yuan(billed)}，结算总费用${fenToYuan(settled)}元`)
        }
        if (problems.length === 0) return
        out({ enc: e, violating: [], amount: 0, message: `结算信息异常：${problems.join('；')}` })
      })
    }
  },
}

/** 目录外费用纳入基金支付: 丙类 lines worth more than the settlement's 全自费 amount. */
export const selfPayInFund: SegmentLogic = {
  kind: 'segment',
  compile(rule) {
    const tolerance = num(rule, 'toleranceFen')
    return (b, p, out) => {
      eachEncounter(b, p, (e) => {
        const settlements = (b.settlements[e] ?? []).filter((x) => !x.refunded)
        if (settlements.length === 0) return
        const lines: number[] = []
        for (let i = b.eLine0[e]!; i < b.eLine1[e]!; i++) if (b.lClass[i] === 3) lines.push(i)
        const outside = sumAmounts(b, lines)
        const ownpay = sum(settlements.map((x) => x.fulamtOwnpayAmt))
        if (outside - ownpay <= tolerance) return
        out({
          enc: e,
          violating: lines,
          violatingAmounts: lines.map(() => 0),
          amount: outside - ownpay,
          message: `目录外（丙类）费用${yuan(outside)}，结算全自费金额仅${yuan(ownpay)}，差额${yuan(outside - ownpay)}按目录内费用结算`,
        })
      })
    }
  },
}

/** 费用明细重复上传: the same item at the same second with the same quantity and price. */
export const duplicateLines: SegmentLogic = {
  kind: 'segment',
  compile() {
    return (b, p, out) => {
      eachEncounter(b, p, (e) => {
        // Lines are sorted by time: the lines of one second are adjacent.
        const first = b.eLine0[e]!
        for (let i = first + 1; i < b.eLine1[e]!; i++) {
          if (b.lSec[i] !== b.lSec[i - 1]) continue
          for (let j = i - 1; j >= first && b.lSec[j] === b.lSec[i]; j--) {
            if (b.lCode[j] !== b.lCode[i] || b.lQty[j] !== b.lQty[i] || b.lPrice[j] !== b.lPrice[i])
              continue
            out({
              enc: e,
              violating: [i],
              related: [j],
              amount: b.lAmount[i]!,
              message: `${lineName(b, i)}在同一时间以相同数量和单价重复计费`,
            })
            break
          }
        }
      })
    }
  },
}

/** 手术操作编码异常: surgery charged with no operation on the settlement list. */
export const surgeryWithoutOperation: SegmentLogic = {
  kind: 'segment',
  compile() {
    return (b, p, out) => {
      eachEncounter(b, p, (e) => {
        if (b.eKind[e] !== KIND.INPATIENT || b.eOp1[e]! > b.eOp0[e]!) return
        for (let i = b.eLine0[e]!; i < b.eLine1[e]!; i++) {
          if (b.lCharge[i] !== 6) continue
          out({
            enc: e,
            violating: [i],
            violatingAmounts: [0],
            amount: 0,
            message: `收取手术费${lineName(b, i)}，结算清单未填写手术操作编码`,
          })
          return
        }
      })
    }
  },
}

/** True when an ICD code falls in one of the ranges (`O`, `N70-N98`, `C51-C58`, `D39`). */
export function inIcdRanges(code: string, ranges: readonly string[]): boolean {
  const cat = code.slice(0, 3).toUpperCase()
  for (const r of ranges) {
    const [lo, hi] = r.split('-') as [string, string | undefined]
    if (hi === undefined) {
      if (cat.startsWith(lo.toUpperCase())) return true
    } else if (cat >= lo.toUpperCase() && cat <= hi.toUpperCase()) return true
  }
  return false
}

/** Gender-specific codes (diagnoses or operations) for the other gender. */
function genderCodes(kind: 'diagnoses' | 'operations'): SegmentLogic {
  return {
    kind: 'segment',
    compile(rule, kit) {
      const female = list(rule, 'femaleOnly')
      const male = list(rule, 'maleOnly')
      const dict = kit.dict[kind]
      const opRanges = (code: string, ranges: readonly string[]): boolean =>
        ranges.some((r) => {
          const [lo, hi] = r.split('-').map(Number) as [number, number | undefined]
          const chapter = Number(code.split('.')[0])
          return chapter >= lo && chapter <= (hi ?? lo)
        })
      const match = kind === 'diagnoses' ? inIcdRanges : opRanges
      const column = dict.register((_, seen) =>
        match(seen.code, female) ? 2 : match(seen.code, male) ? 1 : 0
      )
      const word = kind === 'diagnoses' ? '诊断' : '手术操作'
      return (b, p, out) => {
        const g = b.pGender[p]
        if (g === 0) return
        const only = dict.column(column)
        eachEncounter(b, p, (e) => {
          const [from, to, codes, records] =
            kind === 'diagnoses'
              ? [b.eDiag0[e]!, b.eDiag1[e]!, b.dCode, b.diagnoses]
              : [b.eOp0[e]!, b.eOp1[e]!, b.oCode, b.operations]
          for (let x = from; x < to; x++) {
            const need = only[codes[x]!]
            if (need === 0 || need === g) continue
            const r = records[x]!
            out({
              enc: e,
              violating: [],
              amount: 0,
              message: `${g === 1 ? '男' : '女'}性患者${word}为限${need === 1 ? '男' : '女'}性的【${r.code} ${r.name}】`,
            })
            return
          }
        })
      }
    },
  }
}

/** 诊断与患者性别不符. */
export const diagnosisGender = genderCodes('diagnoses')

/** 手术操作编码与性别不符. */
export const operationGender = genderCodes('operations')

/** 诊断与患者年龄不符: perinatal (P) diagnoses for a person past the age limit. */
export const diagnosisAge: SegmentLogic = {
  kind: 'segment',
  compile(rule, kit) {
    const ranges = list(rule, 'ranges')
    const maxAge = num(rule, 'minAgeYears')
    const column = kit.dict.diagnoses.register((_, seen) =>
      inIcdRanges(seen.code, ranges) ? 1 : 0
    )
    return (b, p, out) => {
      const only = kit.dict.diagnoses.column(column)
      eachEncounter(b, p, (e) => {
        const age = b.ageYears(p, b.eBeginDay[e]!)
        if (age < maxAge) return
        for (let x = b.eDiag0[e]!; x < b.eDiag1[e]!; x++) {
          if (only[b.dCode[x]!] !== 1) continue
          const r = b.diagnoses[x]!
          out({
            enc: e,
            violating: [],
            amount: 0,
            message: `${age}岁患者诊断为围产期/新生儿疾病【${r.code} ${r.name}】`,
          })
          return
        }
      })
    }
  },
}

/** 就诊数据非实时上传: fee lines uploaded more than N hours after they occurred. */
export const lateUpload: SegmentLogic = {
  kind: 'segment',
  compile(rule) {
    const maxSeconds = num(rule, 'maxHours') * 3600
    return (b, p, out) => {
      eachEncounter(b, p, (e) => {
        const late: number[] = []
        let worst = 0
        for (let i = b.eLine0[e]!; i < b.eLine1[e]!; i++) {
          const delay = b.lUpload[i]! - b.lSec[i]!
          if (delay > maxSeconds) {
            late.push(i)
            worst = Math.max(worst, delay)
          }
        }
        if (late.length === 0) return
        out({
          enc: e,
          violating: late,
          violatingAmounts: late.map(() => 0),
          amount: 0,
          message: `${late.length}条费用明细在发生后${Math.round(worst / 3600)}小时才上传`,
        })
      })
    }
  },
}

/** 药品种类超标: more than N distinct drugs on one outpatient prescription. */
export const prescriptionDrugCount: SegmentLogic = {
  kind: 'segment',
  compile(rule) {
    const max = num(rule, 'maxDrugs')
    return (b, p, out) => {
      eachEncounter(b, p, (e) => {
        if (b.eKind[e] !== KIND.OUTPATIENT) return
        const byRx = new Map<string, number[]>()
        for (let i = b.eLine0[e]!; i < b.eLine1[e]!; i++) {
          if (b.lList[i] !== 1) continue
          const rx = b.lines[i]!.rxNo ?? ''
          const g = byRx.get(rx)
          if (g) g.push(i)
          else byRx.set(rx, [i])
        }
        for (const lines of byRx.values()) {
          const codes: number[] = []
          const extra: number[] = []
          for (const i of lines) {
            if (codes.includes(b.lCode[i]!)) continue
            codes.push(b.lCode[i]!)
            if (codes.length > max) extra.push(i)
          }
          if (extra.length === 0) continue
          out({
            enc: e,
            violating: extra,
            violatingAmounts: extra.map(() => 0),
            related: lines.filter((i) => !extra.includes(i)),
            amount: 0,
            message: `单张处方开具${codes.length}种药品，超过${max}种`,
          })
        }
      })
    }
  },
}

/** 死亡后发生费用: fees dated after the person's death. */
export const afterDeath: SegmentLogic = {
  kind: 'segment',
  compile() {
    return (b, p, out) => {
      const death = b.pDeath[p]!
      if (death === 0x3fffffff) return
      eachEncounter(b, p, (e) => {
        const after: number[] = []
        for (let i = b.eLine0[e]!; i < b.eLine1[e]!; i++) if (b.lDay[i]! > death) after.push(i)
        if (after.length === 0 && b.eBeginDay[e]! <= death) return
        const date = b.persons[p]!.deathDate ?? b.encounters[e]!.deathDate ?? ''
        out({
          enc: e,
          violating: after,
          amount: sumAmounts(b, after),
          day: after.length > 0 ? undefined : b.eBeginDay[e],
          message: `参保人已于${date}死亡，其后仍发生费用${yuan(sumAmounts(b, after))}`,
        })
      })
    }
  },
}

/** 检验检查重复: the same lab test charged more than once on one day of an encounter. */
export const repeatedTests: SegmentLogic = {
  kind: 'segment',
  compile(rule, kit) {
    const chargeTypes = new Set(list(rule, 'chargeTypes').map(Number))
    // Items with a 限定频次 point are judged by that rule instead.
    const limited = kit.codeTable((_, seen) =>
      kit.knowledge
        .pointsOfCode(seen.code)
        .some((x) => x.condition.kind === 'FREQUENCY' || x.condition.kind === 'PERIOD_FREQUENCY')
        ? 1
        : 0
    )
    return (b, p, out) => {
      eachEncounter(b, p, (e) => {
        const skip = kit.table(limited)
        const seen = new Map<string, number>()
        for (let i = b.eLine0[e]!; i < b.eLine1[e]!; i++) {
          if (!chargeTypes.has(b.lCharge[i]!) || skip[b.lCode[i]!] === 1) continue
          const key = `${b.lCode[i]}:${b.lDay[i]}`
          const first = seen.get(key)
          if (first === undefined) {
            seen.set(key, i)
            continue
          }
          out({
            enc: e,
            violating: [i],
            related: [first],
            amount: b.lAmount[i]!,
            message: `${lineName(b, i)}同日重复检验检查`,
          })
        }
      })
    }
  },
}

/** 无指征住院（低标准入院）: a short stay with only examinations and routine charges. */
export const lowStandardAdmission: SegmentLogic = {
  kind: 'segment',
  compile(rule) {
    const maxDays = num(rule, 'maxDays')
    const allowed = new Set(list(rule, 'onlyChargeTypes').map(Number))
    return (b, p, out) => {
      eachEncounter(b, p, (e) => {
        if (b.eKind[e] !== KIND.INPATIENT || b.encounters[e]!.end === null) return
        const los = Math.max(1, b.eEndDay[e]! - b.eBeginDay[e]!)
        if (los > maxDays || b.eLine1[e] === b.eLine0[e]) return
        for (let i = b.eLine0[e]!; i < b.eLine1[e]!; i++) if (!allowed.has(b.lCharge[i]!)) return
        const lines = encLines(b, e)
        out({
          enc: e,
          violating: [],
          amount: sumAmounts(b, lines),
          message: `住院${los}天，仅发生检查检验及床位、护理、诊查费用${yuan(sumAmounts(b, lines))}，无实质治疗`,
        })
      })
    }
  },
}
