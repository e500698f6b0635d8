// SPDX-License-Identifier: Apache-2.0
import { INSUTYPE_LABELS, LEVEL_LABELS } from '@yibao/domain'
import type { InsuType, InstitutionLevel } from '@yibao/domain'
import { KIND } from '../columnar-batch.js'
import type { ColumnarBatch } from '../columnar-batch.js'
import type { CompiledLineRule, LineLogic } from '../logic.js'
import type { ActiveRule } from '../rule.js'
import type { PointTable } from './helpers.js'
import { lineName, list, listMask, pointInForce, pointTable, str } from './helpers.js'

/** Whole-line finding for a point-driven line rule. */
function wholeLine(
  t: PointTable,
  b: ColumnarBatch,
  i: number,
  message: (name: string) => string
): ReturnType<CompiledLineRule['explain']> {
  return {
    enc: b.lEnc[i]!,
    violating: [i],
    amount: b.lAmount[i]!,
    message: message(lineName(b, i)),
    point: t.inForce(b.lCode[i]!, b.lDay[i]!) ?? null,
  }
}

const SUBJECT_WORD: Record<string, string> = {
  '101': '药品',
  '102': '药品',
  '201': '项目',
  '301': '耗材',
}

function subjectWord(rule: ActiveRule): string {
  return SUBJECT_WORD[list(rule, 'listTypes')[0] ?? ''] ?? '项目'
}

/** 限定性别 (两库第一批): the line's code is payable only for the other gender. */
export const pointGender: LineLogic = {
  kind: 'line',
  compile(rule, kit) {
    const t = pointTable(kit, rule, 'GENDER')
    const gender = kit.constant(Int8Array.from(t.conditions, (c) => Number(c.gender)))
    const word = subjectWord(rule)
    return {
      point: true,
      test: `${pointInForce(t, listMask(kit, rule))} && pGender[p] !== 0 && pGender[p] !== ${gender}[k]`,
      explain: (b, i) => {
        const male = b.pGender[b.ePerson[b.lEnc[i]!]!] === 1
        return wholeLine(
          t,
          b,
          i,
          (n) => `${male ? '男' : '女'}性患者开具限${male ? '女' : '男'}性使用${word}${n}`
        )
      },
    }
  },
}

/** 限定年龄 (新生儿 / 儿童 / 年龄段): age on the fee's day outside the point's range. */
export const pointAge: LineLogic = {
  kind: 'line',
  compile(rule, kit) {
    const unit = str(rule, 'unit')
    const batches = new Set(list(rule, 'batches').map(Number))
    const t = pointTable(
      kit,
      rule,
      'AGE',
      (c, p) => (unit === 'ANY' || c.unit === unit) && (batches.size === 0 || batches.has(p.batch))
    )
    const min = kit.constant(Float64Array.from(t.conditions, (c) => c.min ?? -Infinity))
    const max = kit.constant(Float64Array.from(t.conditions, (c) => c.maxExclusive ?? Infinity))
    const inDays = kit.constant(Uint8Array.from(t.conditions, (c) => (c.unit === 'DAY' ? 1 : 0)))
    const word = subjectWord(rule)
    return {
      point: true,
      test:
        `${pointInForce(t, listMask(kit, rule))} && ` +
        `(${inDays}[k] === 1 ? (ad < ${min}[k] || ad >= ${max}[k]) : (ay < ${min}[k] || ay >= ${max}[k]))`,
      explain: (b, i) => {
        const p = b.ePerson[b.lEnc[i]!]!
        const point = t.inForce(b.lCode[i]!, b.lDay[i]!)
        const c = point?.condition
        if (c?.kind !== 'AGE') return null
        const day = b.lDay[i]!
        const age = c.unit === 'DAY' ? `${day - b.pBirth[p]!}天` : `${b.ageYears(p, day)}岁`
        const range =
          c.unit === 'DAY'
            ? `限${c.maxExclusive === null ? '' : `${c.maxExclusive - 1}天及以下`}`
            : c.min !== null && c.maxExclusive !== null
              ? `限${c.min}至${c.maxExclusive - 1}岁`
              : c.maxExclusive !== null
                ? `限${c.maxExclusive}岁以下`
                : `限${c.min}岁及以上`
        return wholeLine(t, b, i, (n) => `${age}患者使用${range}${c.group}${word}${n}`)
      },
    }
  },
}

const INSU_INDEX_BASE = 300

/** 限定保险类型 (两库第三批): payable only by 工伤 / 生育 insurance. */
export const pointInsurance: LineLogic = {
  kind: 'line',
  compile(rule, kit) {
    const only = new Set(list(rule, 'insuTypes'))
    const t = pointTable(kit, rule, 'INSURANCE_TYPE', (c) =>
      [...only].every((x) => c.insuTypes.includes(x as InsuType))
    )
    const codes = Object.keys(INSUTYPE_LABELS)
    const bitOf = (x: string): number => 1 << Math.max(0, codes.indexOf(x))
    const bits = new Uint32Array(256)
    for (const x of codes) bits[Number(x) - INSU_INDEX_BASE] = bitOf(x)
    const bit = kit.constant(bits)
    const allowed = kit.constant(
      Uint32Array.from(t.conditions, (c) => c.insuTypes.reduce((m, x) => m | bitOf(x), 0))
    )
    const word = subjectWord(rule)
    return {
      point: true,
      test:
        `${pointInForce(t, listMask(kit, rule))} && eInsu[e] >= ${INSU_INDEX_BASE} && ` +
        `eInsu[e] < ${INSU_INDEX_BASE + 256} && (${allowed}[k] & ${bit}[eInsu[e] - ${INSU_INDEX_BASE}]) === 0`,
      explain: (b, i) => {
        const c = t.inForce(b.lCode[i]!, b.lDay[i]!)?.condition
        if (c?.kind !== 'INSURANCE_TYPE') return null
        const insu = b.encounters[b.lEnc[i]!]!.insuType
        const need = c.insuTypes.map((x) => INSUTYPE_LABELS[x] ?? x).join('、')
        return wholeLine(
          t,
          b,
          i,
          (n) => `限${need}支付的${word}${n}由${INSUTYPE_LABELS[insu] ?? insu}结算`
        )
      },
    }
  },
}

/** 限定就医方式 (两库第四批): payable only in 住院 (or only outside it). */
export const pointCareSetting: LineLogic = {
  kind: 'line',
  compile(rule, kit) {
    const t = pointTable(kit, rule, 'CARE_SETTING')
    const inpatientOnly = kit.constant(
      Uint8Array.from(t.conditions, (c) => (c.setting === 'INPATIENT' ? 1 : 0))
    )
    const word = subjectWord(rule)
    return {
      point: true,
      test:
        `${pointInForce(t, listMask(kit, rule))} && ` +
        `(${inpatientOnly}[k] === 1 ? eKind[e] !== ${KIND.INPATIENT} : eKind[e] === ${KIND.INPATIENT})`,
      explain: (b, i) => {
        const c = t.inForce(b.lCode[i]!, b.lDay[i]!)?.condition
        if (c?.kind !== 'CARE_SETTING') return null
        const inpatient = c.setting === 'INPATIENT'
        return wholeLine(
          t,
          b,
          i,
          (n) =>
            `限${inpatient ? '住院' : '门诊'}使用的${word}${n}在${inpatient ? (b.eKind[b.lEnc[i]!] === KIND.PHARMACY ? '药店购药' : '门诊') : '住院'}中使用`
        )
      },
    }
  },
}

/** 限定医疗机构级别 (两库第五批): the institution's level is below the point's. */
export const pointLevel: LineLogic = {
  kind: 'line',
  compile(rule, kit) {
    const t = pointTable(kit, rule, 'INSTITUTION_LEVEL')
    const minLevel = kit.constant(Int8Array.from(t.conditions, (c) => c.minLevel))
    const word = subjectWord(rule)
    return {
      point: true,
      test: `${pointInForce(t, listMask(kit, rule))} && eLevel[e] >= 0 && eLevel[e] < ${minLevel}[k]`,
      explain: (b, i) => {
        const c = t.inForce(b.lCode[i]!, b.lDay[i]!)?.condition
        if (c?.kind !== 'INSTITUTION_LEVEL') return null
        const level = b.eLevel[b.lEnc[i]!]! as InstitutionLevel
        return wholeLine(
          t,
          b,
          i,
          (n) =>
            `限${LEVEL_LABELS[c.minLevel]}及以上医疗机构使用的${word}${n}在${LEVEL_LABELS[level]}机构使用`
        )
      },
    }
  },
}
