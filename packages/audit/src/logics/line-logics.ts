// SPDX-License-Identifier: Apache-2.0
import { CATALOG_CLASS_LABELS, lineAmount, priceE4ToYuan } from '@yibao/domain'
import type { CatalogClass } from '@yibao/domain'
import { INST_TYPE, KIND } from '../columnar-batch.js'
import type { LineLogic } from '../logic.js'
import { lineName, list, listMask, num, str, yuan } from './helpers.js'

/** 超限定单价收费: unit price above the local cap of the institution's level. */
export const priceCap: LineLogic = {
  kind: 'line',
  compile(rule, kit) {
    const mask = listMask(kit, rule)
    return {
      test: `${mask}[lList[i]] === 1 && lCap[i] === lCap[i] && lPrice[i] > lCap[i]`,
      explain: (b, i) => {
        const cap = b.lCap[i]!
        const excess = b.lAmount[i]! - lineAmount(b.lQty[i]!, cap)
        return {
          enc: b.lEnc[i]!,
          violating: [i],
          amount: excess,
          message: `${lineName(b, i)}单价${priceE4ToYuan(b.lPrice[i]!)}元，超过本级限价${priceE4ToYuan(cap)}元，超收${yuan(excess)}`,
        }
      },
    }
  },
}

/** 结算明细信息异常: amount ≠ quantity × unit price beyond the tolerance. */
export const amountMismatch: LineLogic = {
  kind: 'line',
  compile(rule) {
    const tolerance = num(rule, 'toleranceFen')
    return {
      // The same half-up rounding to the fen as lineAmount.
      test:
        `Math.abs(lAmount[i] - Math.sign(lQty[i] * lPrice[i]) * ` +
        `Math.floor(Math.abs(lQty[i] * lPrice[i]) / 100 + 0.5 + 1e-9)) > ${tolerance}`,
      explain: (b, i) => {
        const expected = lineAmount(b.lQty[i]!, b.lPrice[i]!)
        const diff = b.lAmount[i]! - expected
        return {
          enc: b.lEnc[i]!,
          violating: [i],
          amount: Math.max(0, diff),
          message: `${lineName(b, i)}明细金额${yuan(b.lAmount[i]!)}，数量${b.lQty[i]}×单价${priceE4ToYuan(b.lPrice[i]!)}元应为${yuan(expected)}`,
        }
      },
    }
  },
}

/** 计费日期与住院时间不符: an inpatient fee dated before admission or after discharge. */
export const feeOutsideStay: LineLogic = {
  kind: 'line',
  compile() {
    return {
      test: `eKind[e] === ${KIND.INPATIENT} && (d < eBeginDay[e] || d > eEndDay[e])`,
      explain: (b, i) => {
        const e = b.lEnc[i]!
        const enc = b.encounters[e]!
        const before = b.lDay[i]! < b.eBeginDay[e]!
        return {
          enc: e,
          violating: [i],
          amount: b.lAmount[i]!,
          message: `${lineName(b, i)}计费日期${b.lines[i]!.time.slice(0, 10)}${before ? `早于入院日期${enc.begin.slice(0, 10)}` : `晚于出院日期${enc.end?.slice(0, 10) ?? ''}`}`,
        }
      },
    }
  },
}

/** 中药饮片单复方均不予支付: a 饮片 of the catalogue's not-payable list charged as 甲/乙. */
export const notPayableHerb: LineLogic = {
  kind: 'line',
  compile(_rule, kit) {
    const names = new Set(
      kit.knowledge.pack.catalogDrugs.filter((d) => d.notPayable).map((d) => d.name)
    )
    const t = kit.codeTable((_, seen) => (seen.listType === '102' && names.has(seen.name) ? 1 : 0))
    return {
      test: `${t}[c] === 1 && lClass[i] !== 3`,
      explain: (b, i) => ({
        enc: b.lEnc[i]!,
        violating: [i],
        amount: b.lAmount[i]!,
        message: `不得纳入基金支付范围的中药饮片${lineName(b, i)}按${CATALOG_CLASS_LABELS[b.lines[i]!.catalogClass]}纳入基金支付`,
      }),
    }
  },
}

/** 药品限最大支付天数/开药量: days of supply above the limit for the encounter's 医疗类别. */
export const supplyDays: LineLogic = {
  kind: 'line',
  compile(rule, kit) {
    const max = num(rule, 'maxDays')
    const medTypes = list(rule, 'medTypes')
    // 医疗类别 codes are up to four digits (9901 …): one slot per possible code.
    const mt = new Uint8Array(10_000).fill(medTypes.length === 0 ? 1 : 0)
    for (const m of medTypes) mt[Number(m)] = 1
    const medMask = kit.constant(mt)
    const discharge = str(rule, 'dischargeMed') === 'ONLY' ? 1 : 0
    return {
      test: `lList[i] <= 2 && lList[i] > 0 && lDays[i] > ${max} && lDscgMed[i] === ${discharge} && eMedType[e] < 10000 && ${medMask}[eMedType[e]] === 1`,
      explain: (b, i) => {
        const days = b.lDays[i]!
        const excess = Math.round((b.lAmount[i]! * (days - max)) / days)
        return {
          enc: b.lEnc[i]!,
          violating: [i],
          amount: excess,
          message: `${discharge ? '出院带药' : '处方'}${lineName(b, i)}开药${days}天，超过${max}天`,
        }
      },
    }
  },
}

/** 限定支付范围提醒: a drug with a 限定支付范围 in the catalogue (事前/事中 reminder). */
export const restrictionReminder: LineLogic = {
  kind: 'line',
  compile(rule, kit) {
    const texts: string[] = []
    const t = kit.codeTable((_, seen) => {
      const text = kit.knowledge.drug(seen.code)?.catalog?.restriction
      if (!text) return -1
      texts.push(text)
      return texts.length - 1
    })
    const mask = listMask(kit, rule)
    return {
      test: `${mask}[lList[i]] === 1 && ${t}[c] >= 0`,
      explain: (b, i) => ({
        enc: b.lEnc[i]!,
        violating: [i],
        amount: 0,
        message: `${lineName(b, i)}限定支付范围：${texts[kit.table(t)[b.lCode[i]!]!] ?? ''}，请确认符合条件`,
      }),
    }
  },
}

const INST_TYPE_LABEL: Record<string, string> = {
  HOSPITAL: '医院',
  CLINIC: '诊所',
  VILLAGE_CLINIC: '村卫生室',
  PHARMACY: '定点零售药店',
}

/** 虚记费用（超出服务能力）: a charge type the institution's type cannot provide. */
export const capability: LineLogic = {
  kind: 'line',
  compile(rule, kit) {
    const forbidden = new Uint8Array(8 * 16)
    for (const entry of list(rule, 'forbidden')) {
      const [type, charge] = entry.split(':')
      const t = (INST_TYPE as Record<string, number>)[type ?? '']
      if (t !== undefined) forbidden[t * 16 + Number(charge)] = 1
    }
    const f = kit.constant(forbidden)
    return {
      test: `${f}[eInstType[e] * 16 + lCharge[i]] === 1`,
      explain: (b, i) => {
        const type = Object.entries(INST_TYPE).find(([, v]) => v === b.eInstType[b.lEnc[i]!])?.[0]
        return {
          enc: b.lEnc[i]!,
          violating: [i],
          amount: b.lAmount[i]!,
          message: `${INST_TYPE_LABEL[type ?? ''] ?? '该机构'}收取其不具备服务能力的费用${lineName(b, i)}`,
        }
      },
    }
  },
}

/** 目录类别与目录不符: a drug charged as 甲类 that the national catalogue lists as 乙类. */
export const catalogClassMismatch: LineLogic = {
  kind: 'line',
  compile(_rule, kit) {
    const t = kit.codeTable((_, seen) => Number(kit.knowledge.catalogClassOf(seen.code) ?? 0))
    return {
      test: `lList[i] === 1 && ${t}[c] === 2 && lClass[i] === 1`,
      explain: (b, i) => ({
        enc: b.lEnc[i]!,
        violating: [i],
        amount: 0,
        message: `${lineName(b, i)}按${CATALOG_CLASS_LABELS['01' as CatalogClass]}结算，国家目录为${CATALOG_CLASS_LABELS['02']}`,
      }),
    }
  },
}
